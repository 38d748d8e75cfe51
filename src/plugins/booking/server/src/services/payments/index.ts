/** Payments: provider registry, payments and refunds, verified callbacks, reconciliation, risk rules. */
import paymentCallbacks from './payment-callbacks';
import paymentProviders from './payment-providers';
import payments from './payments';
import reconciliation from './reconciliation';
import refundProcessor from './refund-processor';
import risk from './risk';

export default {
  'payment-callbacks': paymentCallbacks,
  'payment-providers': paymentProviders,
  payments,
  reconciliation,
  'refund-processor': refundProcessor,
  risk,
};
