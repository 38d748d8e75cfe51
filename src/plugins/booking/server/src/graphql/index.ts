import type { Core } from '@strapi/strapi';
import { createPatientBody, updatePatientBody } from '../routes/schemas/patients';
import { cancelBody, idempotencyKey, listOrdersQuery, submitOrderBody } from '../routes/schemas/orders';
import { bookingService } from '../utils/plugin';
import { isDomainError } from '../domain/errors';
import type { z } from 'zod';

import contentTypes from '../content-types';
import * as orders from '../use-cases/orders';

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
  defaultHospital: BookingRef
  defaultDepartment: String
  emergencyContactName: String
  emergencyContactPhone: String
  emergencyContactRelationship: String
`;

/** The order as REST answers it (order-views.present), field for field. */
const ORDER_TYPES = `
  type BookingRef { documentId: ID, name: String }
  type BookingAddress { text: String!, latitude: Float, longitude: Float, district: String }
  type BookingPriceLine { code: String!, label: String!, quantity: Int!, unitAmountFen: Int!, amountFen: Int! }
  type BookingCaregiverCard { documentId: ID!, name: String!, gender: String, level: String, photo: String }
  type BookingOrderEvent { action: String!, from: String, to: String, toLabel: String, actorType: String, reason: String, at: String! }
  "Amounts are integer fen (分); times are ISO 8601 UTC."
  type BookingOrder {
    documentId: ID!
    orderNo: String!
    status: String!
    statusLabel: String!
    paymentStatus: String!
    service: BookingRef!
    cityCode: String!
    startAt: String!
    endAt: String!
    unit: String!
    units: Int!
    placeType: String!
    address: BookingAddress
    department: String
    notes: String
    priceLines: [BookingPriceLine!]!
    totalFen: Int!
    paidFen: Int!
    refundedFen: Int!
    cancelFeeFen: Int
    serviceSummary: String
    dispatchMode: String
    createdAt: String!
    allowedActions: [String!]!
    contactName: String
    contactPhone: String
    patient: BookingRef
    caregiver: BookingCaregiverCard
    timeline: [BookingOrderEvent!]
  }
  type BookingPagination { page: Int!, pageSize: Int!, pageCount: Int!, total: Int! }
  type BookingOrderListMeta { pagination: BookingPagination! }
  type BookingOrderList { data: [BookingOrder!]!, meta: BookingOrderListMeta! }
  input BookingAddressInput { text: String!, latitude: Float!, longitude: Float!, district: String }
  "type home needs address; type hospital needs hospitalId (department optional)."
  input BookingPlaceInput { type: String!, address: BookingAddressInput, hospitalId: ID, department: String }
  input BookingOrderInput {
    serviceId: ID!
    patientId: ID!
    caregiverId: ID
    genderPreference: String
    cityCode: String!
    startAt: String!
    units: Int!
    place: BookingPlaceInput!
    contactName: String!
    contactPhone: String!
    notes: String
  }
  input BookingPatientInput {
    name: String
    gender: String
    birthDate: String
    relationship: String
    idNumber: String
    condition: String
    medicalHistory: String
    medications: String
    allergies: String
    selfCareAbility: String
    defaultHospital: ID
    defaultDepartment: String
    emergencyContactName: String
    emergencyContactPhone: String
    emergencyContactRelationship: String
  }
`;

/** HTTP status of a catalogue code -> GraphQL error code, so clients branch alike on REST and GraphQL. */
export const GRAPHQL_CODES: Record<number, string> = {
  400: 'BAD_USER_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'BAD_USER_INPUT',
  429: 'RATE_LIMITED',
  500: 'INTERNAL_SERVER_ERROR',
  502: 'UPSTREAM_UNAVAILABLE',
  503: 'SERVICE_UNAVAILABLE',
};

/** GraphQL input objects carry absent fields as absent, but explicit nulls as null: the same as REST JSON. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? {}));

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
          const code = GRAPHQL_CODES[error.status] ?? (error.status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_USER_INPUT');
          throw new GraphQLError(error.message, { extensions: { code, status: error.status, reason: error.code, details: error.details } });
        }
        throw error;
      }
    };
    const userId = (ctx: any) => ctx.state.user.id as number;
    const me = (ctx: any) => ({ type: 'user' as const, userId: userId(ctx) });
    const stripNulls = (args: Record<string, unknown>) =>
      Object.fromEntries(
        Object.entries(args)
          .filter(([, v]) => v !== null && v !== undefined)
          .map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
      );

    return {
      typeDefs: `
        ${ORDER_TYPES}
        type BookingPatient { ${PATIENT_FIELDS} }
        type BookingDeleted { documentId: ID!, deleted: Boolean! }
        extend type Query {
          myPatients: [BookingPatient!]!
          myPatient(documentId: ID!): BookingPatient
          "status: comma-separated order statuses"
          myOrders(status: String, page: Int, pageSize: Int): BookingOrderList!
          myOrder(documentId: ID!): BookingOrder
        }
        extend type Mutation {
          submitOrder(data: BookingOrderInput!, idempotencyKey: String): BookingOrder!
          cancelMyOrder(documentId: ID!, reason: String): BookingOrder!
          createMyPatient(data: BookingPatientInput!): BookingPatient!
          updateMyPatient(documentId: ID!, data: BookingPatientInput!): BookingPatient!
          deleteMyPatient(documentId: ID!): BookingDeleted!
        }
      `,
      resolvers: {
        Query: {
          myOrders: (_: unknown, args: Record<string, unknown>, ctx: any) =>
            guard(() => orders.listOrders(s, me(ctx), { userId: userId(ctx) }, parse(listOrdersQuery, stripNulls(args)))),
          myOrder: (_: unknown, args: { documentId: string }, ctx: any) => guard(() => orders.showOrder(s, me(ctx), args.documentId)),
          myPatients: (_: unknown, __: unknown, ctx: any) => guard(() => patients().list(userId(ctx))),
          myPatient: (_: unknown, args: { documentId: string }, ctx: any) => guard(() => patients().get(userId(ctx), args.documentId)),
        },
        Mutation: {
          submitOrder: (_: unknown, args: { data: unknown; idempotencyKey?: string }, ctx: any) =>
            guard(async () => {
              const key = args.idempotencyKey ? parse(idempotencyKey, args.idempotencyKey) : undefined;
              return (
                await orders.submitOrder(s, { id: userId(ctx), allowAnalytics: ctx.state.user.allowAnalytics }, parse(submitOrderBody, plain(args.data)), key)
              ).order;
            }),
          cancelMyOrder: (_: unknown, args: { documentId: string; reason?: string }, ctx: any) =>
            guard(async () => {
              const { reason } = parse(cancelBody, args.reason ? { reason: args.reason } : {});
              return orders.cancelOrder(s, me(ctx), args.documentId, reason);
            }),
          createMyPatient: (_: unknown, args: { data: unknown }, ctx: any) =>
            guard(() => patients().create(userId(ctx), parse(createPatientBody, plain(args.data)))),
          updateMyPatient: (_: unknown, args: { documentId: string; data: unknown }, ctx: any) =>
            guard(() => patients().update(userId(ctx), args.documentId, parse(updatePatientBody, plain(args.data)))),
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
