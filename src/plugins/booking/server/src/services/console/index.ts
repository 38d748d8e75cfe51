/** The operators' console: read models for the admin pages (order search and detail, paged operator lists). */
import operatorLists from './operator-lists';
import operatorOrders from './operator-orders';

export default {
  'operator-lists': operatorLists,
  'operator-orders': operatorOrders,
};
