import { z } from 'zod';
import { ORDER_STATUSES } from '../../domain/order-state-machine';
import { envelope, listEnvelope } from '../route';

/**
 * Response schemas: what each route answers inside `{ data, meta? }`. They are documentation (the OpenAPI
 * document and the typed client are generated from them) and a checked contract (with API_CONTRACT_CHECK=true the
 * integration tests refuse an answer that does not match). Objects are open (`z.object`): a new field is not a
 * breaking change, a missing or retyped one is.
 */
export const nullableString = z.string().nullable();
export const timestamp = z.string().describe('ISO 8601 time');
export const nullableTimestamp = timestamp.nullable();
export const fen = z.number().int().describe('amount in fen (分, 1/100 yuan)');

export const unknownData = envelope(z.unknown());
export const unknownList = z.object({ data: z.array(z.unknown()), meta: z.object({}).catchall(z.unknown()).optional() });

export const smsSent = envelope(z.object({ sent: z.literal(true), expiresInSeconds: z.number().int(), resendAfterSeconds: z.number().int() }));

export const profile = z.object({
  id: z.number().int(),
  documentId: z.string(),
  username: z.string(),
  email: nullableString,
  phone: nullableString.describe('masked unless it is your own'),
  displayName: nullableString,
  gender: z.enum(['male', 'female', 'undisclosed']),
  birthDate: nullableString,
  contactPhone: nullableString,
  avatar: z
    .object({
      id: z.number().int(),
      url: z.string(),
      formats: z.object({}).catchall(z.unknown()).nullable().describe('responsive formats (thumbnail, small …), each with url, width, height'),
    })
    .nullable(),
  healthStatus: nullableString,
  privacy: z.object({ phoneVisibleToCaregiver: z.enum(['masked', 'full']), allowAnalytics: z.boolean(), marketingOptIn: z.boolean() }),
  privacyPolicyVersion: nullableString,
  privacyConsentAt: nullableTimestamp,
  currentPrivacyPolicyVersion: z.string(),
  hasPassword: z.boolean(),
  wechat: z.object({ miniProgram: z.boolean(), website: z.boolean() }),
  createdAt: timestamp,
});

export const meResponse = envelope(profile);
export const signIn = envelope(z.object({ jwt: z.string().describe('users-permissions JWT: send as Authorization: Bearer <jwt>'), user: profile }));
export const wechatAuthorize = envelope(
  z.object({
    state: z.string().describe('echo it back with the code WeChat returns to redirectUri'),
    url: z.string().describe('open this WeChat website-login (QR) URL'),
    expiresInSeconds: z.number().int(),
  }),
);
const consent = z.object({ document: z.enum(['privacy_policy', 'terms_of_service', 'sensitive_data']), version: z.string(), acceptedAt: timestamp });
export const consentList = envelope(z.array(consent).describe('newest first'));
export const passwordSet = envelope(z.object({ ok: z.literal(true) }));
export const accountDeleted = envelope(z.object({ deleted: z.literal(true) }));

const patientBase = {
  documentId: z.string(),
  name: z.string(),
  gender: z.enum(['male', 'female']).nullable(),
  birthDate: nullableString,
  relationship: z.string(),
  selfCareAbility: z.string(),
  idNumberMasked: nullableString,
  defaultHospital: z.object({ documentId: z.string(), name: z.string() }).nullable(),
  defaultDepartment: nullableString,
};
export const patient = z.object({
  ...patientBase,
  idNumber: nullableString.optional().describe('in full only on the single-patient view of its owner'),
  condition: nullableString,
  medicalHistory: nullableString,
  medications: nullableString,
  allergies: nullableString,
  emergencyContactName: nullableString,
  emergencyContactPhone: nullableString,
});
export const patientResponse = envelope(patient);
export const patientDeleted = envelope(z.object({ documentId: z.string(), deleted: z.literal(true) }));
export const patientList = z.object({ data: z.array(patient), meta: z.object({ total: z.number().int() }) });

const priceLine = z.object({}).catchall(z.unknown()).describe('one line of the price breakdown (amounts in fen)');
export const changeRequest = z.object({
  documentId: z.string(),
  status: z
    .enum(['pending', 'awaiting_payment', 'accepted', 'declined', 'expired', 'lapsed', 'cancelled'])
    .describe(
      'pending: waiting for the caregiver; awaiting_payment: pay `chargeFen` (补差价) before `expiresAt` to apply it; accepted: applied; lapsed: the difference was not paid in time',
    ),
  newStartAt: nullableTimestamp,
  newEndAt: nullableTimestamp,
  newTotalFen: fen,
  priceDiffFen: z.number().int().describe('new total minus the old one (fen); negative means a refund'),
  chargeFen: fen.describe('what the customer must pay before the change applies (补差价); 0 when nothing is due'),
  expiresAt: timestamp.describe('deadline of the current step (caregiver answer, or payment of the difference)'),
  decidedAt: nullableTimestamp,
});
export const changeRequestResponse = envelope(changeRequest);
const caregiverCard = z.object({ documentId: z.string() }).catchall(z.unknown()).nullable();
export const order = z.object({
  documentId: z.string(),
  orderNo: z.string(),
  status: z.enum(ORDER_STATUSES),
  statusLabel: z.string().describe('Chinese label of the status'),
  paymentStatus: z.enum(['unpaid', 'paid', 'partially_refunded', 'refunded']),
  service: z.object({ documentId: nullableString, name: z.string().nullable().optional() }),
  cityCode: z.string(),
  startAt: timestamp,
  endAt: timestamp,
  unit: z.string(),
  units: z.number().int(),
  placeType: z.enum(['home', 'hospital']),
  address: z
    .object({
      text: z.string().optional().describe('full address (or hospital name and address)'),
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      district: nullableString.optional(),
    })
    .nullable()
    .describe('only `district` for a caregiver before the order is theirs and active'),
  department: nullableString,
  notes: nullableString,
  priceLines: z.array(priceLine).nullable(),
  totalFen: fen,
  paidFen: fen,
  refundedFen: fen,
  cancelFeeFen: fen.nullable(),
  serviceSummary: nullableString,
  dispatchMode: z.string().nullable(),
  createdAt: timestamp,
  allowedActions: z.array(z.string()).optional().describe('what the viewer may do next (not for operators)'),
  contactName: nullableString.optional(),
  contactPhone: nullableString.optional().describe('masked for operators; for a caregiver only while the order is active'),
  patient: z.object({ name: z.string() }).catchall(z.unknown()).nullable().optional(),
  caregiver: caregiverCard.optional(),
  userId: z.number().int().optional().describe('operators only'),
  pendingChange: changeRequest
    .nullable()
    .optional()
    .describe('detail only: the open change of the order — waiting for the caregiver, or for its difference to be paid'),
  timeline: z
    .array(
      z.object({
        action: z.string(),
        from: nullableString,
        to: nullableString,
        toLabel: nullableString,
        actorType: nullableString,
        reason: nullableString,
        at: timestamp,
      }),
    )
    .optional(),
});
export const orderResponse = envelope(order);
export const orderChanged = envelope(
  z.object({
    applied: z.boolean().describe('true: the order now has the new time/units/place (202 otherwise)'),
    order,
    changeRequest: changeRequest.nullable().describe('when not applied: the request waiting for the caregiver or for the difference'),
  }),
);
export const orderList = listEnvelope(order);

export const availability = envelope(z.object({ free: z.boolean().describe('the caregiver has no booking overlapping the slot') }));
/** 个人信息导出 (PIPL): everything the platform holds about the account, as each part's own views show it. */
export const myDataExport = envelope(
  z.object({
    exportedAt: timestamp,
    profile,
    consents: z.array(consent),
    patients: z.array(patient),
    orders: z.array(order),
    verificationCodeRequests: z.array(z.object({ purpose: z.string(), createdAt: timestamp, status: nullableString, ip: nullableString })),
    caregiver: z
      .object({
        documentId: z.string(),
        realName: nullableString,
        status: z.string(),
        credentials: z.array(z.unknown()),
        scans: z.array(z.unknown()),
        ordersServed: z.array(z.unknown()),
      })
      .catchall(z.unknown())
      .nullable()
      .describe('the caregiver profile as applied (ID number masked; scans described, not included)'),
  }),
);

export const cancellationQuote = envelope(z.object({}).catchall(z.unknown()).describe('fee and refund (fen) the cancellation policy gives now'));

export const payment = z.object({
  tradeNo: z.string(),
  channel: z.enum(['wechat', 'alipay', 'unionpay', 'sandbox']),
  scene: z.string(),
  amountFen: fen,
  purpose: z.enum(['order', 'supplement']).describe('supplement: pays the difference of a change (补差价)'),
  status: z.string(),
  expiresAt: nullableTimestamp,
  succeededAt: nullableTimestamp,
});
export const paymentStarted = envelope(
  z.object({ payment, clientPayload: z.unknown().describe('what the front end hands to the channel SDK (JSAPI params, a pay URL, a form...)') }),
);
export const paymentResponse = envelope(payment);
export const sandboxCompleted = envelope(z.object({ acknowledged: z.boolean(), payment }));

export const health = envelope(z.object({ status: z.string() }).catchall(z.unknown()));
