import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Caregiver training: courses, exams and the monthly plan. Every service call checks the approved caregiver. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const training = () => bookingService(strapi, 'training');
  const exams = () => bookingService(strapi, 'exams');

  return {
    async courses(ctx: BookingContext) {
      ctx.body = { data: await training().listFor(ctx.state.user.id) };
    },
    async course(ctx: BookingContext) {
      ctx.body = { data: await training().courseFor(ctx.state.user.id, ctx.params.id) };
    },
    async startAttempt(ctx: BookingContext) {
      const { created, attempt } = await exams().start(ctx.state.user.id, ctx.params.id);
      ctx.status = created ? 201 : 200;
      ctx.body = { data: attempt };
    },
    async submitAttempt(ctx: BookingContext) {
      ctx.body = { data: await exams().submit(ctx.state.user.id, ctx.params.id, ctx.state.body.answers) };
    },
    async plan(ctx: BookingContext) {
      ctx.body = { data: await bookingService(strapi, 'training-plans').forCaregiver(ctx.state.user.id) };
    },
  };
};
