/** Feedback: reviews, complaints and their resolutions, suggestions. */
import complaintResolutions from './complaint-resolutions';
import complaints from './complaints';
import reviews from './reviews';
import suggestions from './suggestions';

export default {
  'complaint-resolutions': complaintResolutions,
  complaints,
  reviews,
  suggestions,
};
