/** Earnings: commission snapshot and caregiver earnings per order, settlement statements, payouts and payout accounts. */
import earnings from './earnings';
import payouts from './payouts';
import settlement from './settlement';

export default {
  earnings,
  payouts,
  settlement,
};
