import type { Core } from '@strapi/strapi';
import { createPatientBody, updatePatientBody } from '../routes/schemas/patients';
import { cancelBody, idempotencyKey, listOrdersQuery, submitOrderBody } from '../routes/schemas/orders';
import { bookingService } from '../utils/plugin';
import { isDomainError } from '../domain/errors';
import type { z } from 'zod';

import contentTypes from '../content-types';

/** Every booking content type: rows change only through the booking services, never through generated CRUD. */
const BOOKING_TYPES = Object.keys(contentTypes);

const PATIENT_FIELDS = `
  documentId: ID!
  name: String!
  gender: String
  birthDate: String
  relationship: String!
  selfCareAbility: String!
  idNumberMasked: String
  idNumber: String
  condition: String
  medicalHistory: String
  medications: String
  allergies: String
  defaultHospital: JSON
  defaultDepartment: String
  emergencyContactName: String
  emergencyContactPhone: String
  emergencyContactRelationship: String
`;

/**
 * GraphQL exposes booking operations as explicit resolvers calling the same services as REST, with the same
 * zod validation and the same ownership rules; the generated shadow CRUD for booking types is switched off.
 */
export function registerGraphql(strapi: Core.Strapi) {
  if (!strapi.plugin('graphql')) return;
  const extension = strapi.plugin('graphql').service('extension');
  for (const type of BOOKING_TYPES) extension.shadowCRUD(`plugin::booking.${type}`).disable();

  extension.use(({ strapi: s }: { strapi: Core.Strapi }) => {
    const { GraphQLError } = require('graphql');
    const patients = () => bookingService(s, 'patients');

    const parse = (schema: z.ZodType, value: unknown) => {
      const result = schema.safeParse(value ?? {});
      if (!result.success) {
        const issue = result.error.issues[0];
        throw new GraphQLError(`请求参数不正确：${issue.path.join('.')} ${issue.message}`, { extensions: { code: 'BAD_USER_INPUT' } });
      }
      return result.data as any;
    };
    // Domain errors keep their status and code so GraphQL clients can react as REST clients do.
    const guard = async <T>(fn: () => Promise<T>): Promise<T> => {
      try {
        return await fn();
      } catch (error) {
        if (isDomainError(error)) {
          const code = error.status === 404 ? 'NOT_FOUND' : error.status === 403 ? 'FORBIDDEN' : 'BAD_USER_INPUT';
          throw new GraphQLError(error.message, { extensions: { code, status: error.status, reason: error.code } });
        }
        throw error;
      }
    };
    const userId = (ctx: any) => ctx.state.user.id as number;
    const me = (ctx: any) => ({ type: 'user' as const, userId: userId(ctx) });
    const stripNulls = (args: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));

    return {
      typeDefs: `
        type BookingPatient { ${PATIENT_FIELDS} }
        type BookingDeleted { documentId: ID!, deleted: Boolean! }
        extend type Query {
          myPatients: [BookingPatient!]!
          myPatient(documentId: ID!): BookingPatient
          myOrders(status: String, page: Int, pageSize: Int): JSON!
          myOrder(documentId: ID!): JSON
        }
        extend type Mutation {
          submitOrder(data: JSON!, idempotencyKey: String): JSON!
          cancelMyOrder(documentId: ID!, reason: String): JSON!
          createMyPatient(data: JSON!): BookingPatient!
          updateMyPatient(documentId: ID!, data: JSON!): BookingPatient!
          deleteMyPatient(documentId: ID!): BookingDeleted!
        }
      `,
      resolvers: {
        Query: {
          myOrders: (_: unknown, args: Record<string, unknown>, ctx: any) =>
            guard(() => bookingService(s, 'order-views').list({ userId: userId(ctx) }, parse(listOrdersQuery, stripNulls(args)), me(ctx))),
          myOrder: (_: unknown, args: { documentId: string }, ctx: any) =>
            guard(async () => bookingService(s, 'order-views').present(await bookingService(s, 'order-views').findFor(args.documentId, me(ctx)), me(ctx), true)),
          myPatients: (_: unknown, __: unknown, ctx: any) => guard(() => patients().list(userId(ctx))),
          myPatient: (_: unknown, args: { documentId: string }, ctx: any) => guard(() => patients().get(userId(ctx), args.documentId)),
        },
        Mutation: {
          submitOrder: (_: unknown, args: { data: unknown; idempotencyKey?: string }, ctx: any) =>
            guard(async () => {
              const key = args.idempotencyKey ? parse(idempotencyKey, args.idempotencyKey) : undefined;
              const { order } = await bookingService(s, 'order-submit').submit(userId(ctx), parse(submitOrderBody, args.data), key);
              return bookingService(s, 'order-views').present(order, me(ctx), true);
            }),
          cancelMyOrder: (_: unknown, args: { documentId: string; reason?: string }, ctx: any) =>
            guard(async () => {
              const { reason } = parse(cancelBody, args.reason ? { reason: args.reason } : {});
              const order = await bookingService(s, 'order-views').findFor(args.documentId, me(ctx));
              const updated = await bookingService(s, 'order-lifecycle').cancel(order.id, { type: 'user', id: userId(ctx) }, reason);
              return bookingService(s, 'order-views').present(updated, me(ctx), true);
            }),
          createMyPatient: (_: unknown, args: { data: unknown }, ctx: any) =>
            guard(() => patients().create(userId(ctx), parse(createPatientBody, args.data))),
          updateMyPatient: (_: unknown, args: { documentId: string; data: unknown }, ctx: any) =>
            guard(() => patients().update(userId(ctx), args.documentId, parse(updatePatientBody, args.data))),
          deleteMyPatient: (_: unknown, args: { documentId: string }, ctx: any) => guard(() => patients().remove(userId(ctx), args.documentId)),
        },
      },
      resolversConfig: {
        'Query.myOrders': { auth: { scope: ['plugin::booking.orders.find'] } },
        'Query.myOrder': { auth: { scope: ['plugin::booking.orders.findOne'] } },
        'Mutation.submitOrder': { auth: { scope: ['plugin::booking.orders.submit'] } },
        'Mutation.cancelMyOrder': { auth: { scope: ['plugin::booking.orders.cancel'] } },
        'Query.myPatients': { auth: { scope: ['plugin::booking.patients.find'] } },
        'Query.myPatient': { auth: { scope: ['plugin::booking.patients.findOne'] } },
        'Mutation.createMyPatient': { auth: { scope: ['plugin::booking.patients.create'] } },
        'Mutation.updateMyPatient': { auth: { scope: ['plugin::booking.patients.update'] } },
        'Mutation.deleteMyPatient': { auth: { scope: ['plugin::booking.patients.delete'] } },
      },
    };
  });
}
