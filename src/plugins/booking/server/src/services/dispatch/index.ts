/** Dispatch: offers, candidate ranking, the order hall, customer blocks. */
import caregiverBlocks from './caregiver-blocks';
import dispatch from './dispatch';
import dispatchCandidates from './dispatch-candidates';
import orderHall from './order-hall';

export default {
  'caregiver-blocks': caregiverBlocks,
  dispatch,
  'dispatch-candidates': dispatchCandidates,
  'order-hall': orderHall,
};
