import health from './health';
import account from './account';
import patients from './patients';
import orders from './orders';
import caregiverOrders from './caregiver-orders';
import adminOrders from './admin-orders';
import payments from './payments';
import adminRisk from './admin-risk';
import notifications from './notifications';

export default { health, account, patients, orders, 'caregiver-orders': caregiverOrders, 'admin-orders': adminOrders, payments, 'admin-risk': adminRisk, notifications };
