import health from './health';
import account from './account';
import patients from './patients';
import orders from './orders';
import caregiverOrders from './caregiver-orders';
import adminOrders from './admin-orders';
import payments from './payments';
import adminRisk from './admin-risk';
import notifications from './notifications';
import reviews from './reviews';
import complaints from './complaints';
import suggestions from './suggestions';
import adminFeedback from './admin-feedback';
import training from './training';

export default { training, reviews, complaints, suggestions, 'admin-feedback': adminFeedback, health, account, patients, orders, 'caregiver-orders': caregiverOrders, 'admin-orders': adminOrders, payments, 'admin-risk': adminRisk, notifications };
