/** Training: courses, exams, monthly training plans. */
import exams from './exams';
import training from './training';
import trainingPlans from './training-plans';

export default {
  exams,
  training,
  'training-plans': trainingPlans,
};
