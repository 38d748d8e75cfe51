/**
 * Typed calls to the platform, grouped as the API guide (docs/api.md) groups them. Screens import `api` from here
 * and never build URLs themselves.
 */
import { request, type Query } from './client';
import type {
  Application,
  CancellationQuote,
  CaregiverCard,
  ChangeRequest,
  Category,
  City,
  Course,
  ExamAttempt,
  ExamResult,
  Hospital,
  Me,
  Notification,
  Offer,
  Order,
  OrderStatus,
  Paginated,
  Patient,
  Payment,
  PaymentStart,
  Review,
  Service,
  WeeklySchedule,
} from './types';

export * from './types';
export { ApiError, API_BASE, mediaUrl, session, buildUrl } from './client';

const B = '/booking';
type Data<T> = { data: T };
const get = <T>(path: string, query?: Query, anonymous = false) => request<T>('GET', path, { query, anonymous });
const post = <T>(path: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', path, { body, headers });
const put = <T>(path: string, body: unknown) => request<T>('PUT', path, { body });
const del = <T>(path: string) => request<T>('DELETE', path);
const data = async <T>(promise: Promise<Data<T>>) => (await promise).data;
/**
 * Every booking answer is an envelope `{ data, meta? }` (docs/api.md, "one response convention"); `unwrap` also
 * accepts a bare body so the page keeps working against a platform from before that convention.
 */
const unwrap = async <T>(promise: Promise<Data<T> | T>): Promise<T> => {
  const body = (await promise) as any;
  return body && typeof body === 'object' && 'data' in body && !('jwt' in body) && !('phone' in body) ? (body.data as T) : (body as T);
};

export interface OrderInput {
  serviceId: string;
  patientId: string;
  caregiverId?: string | null;
  genderPreference?: 'male' | 'female' | null;
  cityCode: string;
  startAt: string;
  units: number;
  place:
    | { type: 'home'; address: { text: string; latitude: number; longitude: number; district?: string | null } }
    | { type: 'hospital'; hospitalId: string; department?: string | null };
  contactName: string;
  contactPhone: string;
  notes?: string | null;
}

export interface ApplicationInput {
  realName: string;
  idNumber: string;
  idCardFrontId: number;
  idCardBackId: number;
  photoId?: number;
  bio?: string;
  yearsOfExperience: number;
  languages?: string[];
  cityCode: string;
  serviceCityCodes: string[];
  home: { latitude: number; longitude: number };
  serviceRadiusKm: number;
  skills: string[];
  credentials?: Array<{ typeCode: string; number: string; issuer?: string; validFrom?: string; validUntil?: string; imageIds: number[] }>;
}

const orderQuery = (status?: OrderStatus[], page = 1, pageSize = 20) => ({ status: status?.join(','), page, pageSize });

export const api = {
  auth: {
    sendCode: (phone: string) =>
      unwrap(post<Data<{ sent: boolean; expiresInSeconds: number; resendAfterSeconds: number }>>(`${B}/auth/sms/send`, { phone, purpose: 'login' })),
    login: (phone: string, code: string) => unwrap(post<Data<{ jwt: string; user: { id: number } }>>(`${B}/auth/sms/login`, { phone, code })),
    /**
     * Development only: the code the dev SMS gateway "sent" (src/dev/sms-outbox.ts). Absent in production and with
     * a real gateway, where the answer is a 404 and the page shows nothing.
     */
    devCode: (phone: string) => get<Data<{ code: string }>>('/dev/sms-outbox', { phone }, true).then((r) => r.data.code),
  },

  me: {
    get: () => unwrap(get<Data<Me>>(`${B}/me`)),
    update: (body: Partial<Pick<Me, 'displayName' | 'gender' | 'birthDate' | 'contactPhone'>> & { privacy?: Partial<Me['privacy']> }) =>
      unwrap(put<Data<Me>>(`${B}/me`, body)),
    consent: (document: 'privacy_policy' | 'terms_of_service' | 'sensitive_data', version: string) => post(`${B}/me/consents`, { document, version }),
    sendCode: (purpose: 'delete_account' | 'set_password') => unwrap(post<Data<{ sent: boolean }>>(`${B}/me/sms/send`, { purpose })),
    export: () => unwrap(get<Data<Record<string, unknown>>>(`${B}/me/export`)),
    delete: (code: string) => post(`${B}/me/delete`, { code, confirm: '注销账号' }),
  },

  catalog: {
    categories: () => get<Paginated<Category>>('/service-categories', { sort: 'sortOrder', 'pagination[pageSize]': 100 }, true).then((r) => r.data),
    services: () => get<Paginated<Service>>('/services', { sort: 'sortOrder', 'pagination[pageSize]': 100 }, true).then((r) => r.data),
    service: (documentId: string) => data(get<Data<Service>>(`/services/${documentId}`, undefined, true)),
    cities: () => get<Paginated<City>>('/cities', { 'pagination[pageSize]': 100 }, true).then((r) => r.data),
    hospitals: (cityCode: string) =>
      get<Paginated<Hospital>>('/hospitals', { 'filters[city][code][$eq]': cityCode, 'pagination[pageSize]': 100 }, true).then((r) => r.data),
    credentialTypes: () =>
      get<Paginated<{ code: string; name: string; requiresExpiry?: boolean }>>('/credential-types', { 'pagination[pageSize]': 100 }, true).then((r) => r.data),
    serviceReviews: (documentId: string) => get<Paginated<Review>>(`${B}/services/${documentId}/reviews`, { pageSize: 5 }, true),
  },

  caregivers: {
    list: (query: { serviceId?: string; cityCode?: string; gender?: string }) =>
      get<Paginated<CaregiverCard>>(`${B}/caregivers`, { ...query, pageSize: 20 }, true),
    availability: (documentId: string, startAt: string, endAt: string) =>
      data(get<Data<{ free: boolean }>>(`${B}/caregivers/${documentId}/availability`, { startAt, endAt })),
    reviews: (documentId: string, page = 1) => get<Paginated<Review>>(`${B}/caregivers/${documentId}/reviews`, { page, pageSize: 20 }, true),
  },

  patients: {
    list: () => data(get<Data<Patient[]>>(`${B}/patients`)),
    get: (id: string) => data(get<Data<Patient>>(`${B}/patients/${id}`)),
    create: (body: Partial<Patient>) => data(post<Data<Patient>>(`${B}/patients`, body)),
    update: (id: string, body: Partial<Patient>) => data(put<Data<Patient>>(`${B}/patients/${id}`, body)),
    remove: (id: string) => del(`${B}/patients/${id}`),
  },

  orders: {
    submit: (body: OrderInput, idempotencyKey: string) => data(post<Data<Order>>(`${B}/orders`, body, { 'Idempotency-Key': idempotencyKey })),
    list: (status?: OrderStatus[], page = 1) => get<Paginated<Order>>(`${B}/orders`, orderQuery(status, page)),
    get: (id: string) => data(get<Data<Order>>(`${B}/orders/${id}`)),
    cancellationQuote: (id: string) => data(get<Data<CancellationQuote>>(`${B}/orders/${id}/cancellation-quote`)),
    cancel: (id: string, reason?: string) => data(post<Data<Order>>(`${B}/orders/${id}/cancel`, reason ? { reason } : {})),
    confirm: (id: string) => data(post<Data<Order>>(`${B}/orders/${id}/confirm`)),
    change: (id: string, body: { startAt?: string; units?: number }) =>
      data(post<Data<{ applied: boolean; order: Order; changeRequest: ChangeRequest | null }>>(`${B}/orders/${id}/changes`, body)),
    review: (id: string, body: { attitude: number; skill: number; punctuality: number; overall: number; tags: string[]; text?: string }) =>
      data(post<Data<Review>>(`${B}/orders/${id}/review`, body)),
    complain: (id: string, body: { category: string; description: string }) => data(post<Data<Record<string, unknown>>>(`${B}/orders/${id}/complaints`, body)),
  },

  payments: {
    /** With `changeRequest`, pays the difference of that change (补差价) instead of the order. */
    start: (orderId: string, body: { channel: string; scene: string; openid?: string; returnUrl?: string; changeRequest?: string }) =>
      data(post<Data<PaymentStart>>(`${B}/orders/${orderId}/payments`, body)),
    get: (tradeNo: string) => data(get<Data<Payment>>(`${B}/payments/${tradeNo}`)),
    completeSandbox: (tradeNo: string, result: 'success' | 'fail') =>
      data(post<Data<{ acknowledged: boolean; payment: Payment }>>(`${B}/payments/sandbox/${tradeNo}/complete`, { result })),
  },

  feedback: {
    complaints: () => get<Paginated<Record<string, any>>>(`${B}/complaints`, { pageSize: 50 }),
    suggestions: () => get<Paginated<Record<string, any>>>(`${B}/suggestions`, { pageSize: 50 }),
    suggest: (text: string, contact?: string) => data(post<Data<Record<string, unknown>>>(`${B}/suggestions`, contact ? { text, contact } : { text })),
    reply: (reviewId: string, text: string) => data(post<Data<Review>>(`${B}/caregiver/reviews/${reviewId}/reply`, { text })),
  },

  inbox: {
    list: (page = 1) => get<Paginated<Notification>>(`${B}/notifications`, { page, pageSize: 30 }),
    unreadCount: () => data(get<Data<{ unreadCount: number }>>(`${B}/notifications/unread-count`)).then((d) => d.unreadCount),
    readAll: () => post(`${B}/notifications/read`, { all: true }),
    read: (ids: number[]) => post(`${B}/notifications/read`, { ids }),
  },

  caregiver: {
    uploadPhoto: (file: File) => {
      const form = new FormData();
      form.append('file', file);
      return request<Data<{ id: number; url?: string }>>('POST', `${B}/caregiver-applications/photos`, { form }).then((r) => r.data);
    },
    apply: (body: ApplicationInput) => data(post<Data<Application>>(`${B}/caregiver-applications`, body)),
    application: () => data(get<Data<Application>>(`${B}/caregiver-applications/me`)),
    setStatus: (online: boolean, position?: { latitude: number; longitude: number }) =>
      data(post<Data<{ online: boolean; lastSeenAt: string }>>(`${B}/caregiver/status`, { online, ...(position ?? {}) })),
    setWorkingHours: (schedule: WeeklySchedule) => data(put<Data<{ workingHours: WeeklySchedule }>>(`${B}/caregiver/working-hours`, { schedule })),
    offers: () => data(get<Data<Offer[]>>(`${B}/caregiver/offers`)),
    acceptOffer: (id: string) => data(post<Data<Order>>(`${B}/caregiver/offers/${id}/accept`)),
    declineOffer: (id: string, reason?: string) => data(post<Data<Offer>>(`${B}/caregiver/offers/${id}/decline`, reason ? { reason } : {})),
    hall: (position?: { latitude: number; longitude: number }) =>
      data(get<Data<Array<Record<string, any>>>>(`${B}/caregiver/hall`, position ? { lat: position.latitude, lng: position.longitude } : undefined)),
    grab: (orderId: string) => data(post<Data<Order>>(`${B}/caregiver/hall/${orderId}/grab`)),
    orders: (status?: OrderStatus[], page = 1) => get<Paginated<Order>>(`${B}/caregiver/orders`, orderQuery(status, page)),
    order: (id: string) => data(get<Data<Order>>(`${B}/caregiver/orders/${id}`)),
    step: (id: string, step: 'accept' | 'depart' | 'arrive' | 'start') => data(post<Data<Order>>(`${B}/caregiver/orders/${id}/${step}`)),
    finish: (id: string, summary: string) => data(post<Data<Order>>(`${B}/caregiver/orders/${id}/finish`, { summary })),
    release: (id: string, reason: string) => data(post<Data<Order>>(`${B}/caregiver/orders/${id}/release`, { reason })),
    decideChange: (id: string, decision: 'accept' | 'decline') => data(post<Data<Record<string, unknown>>>(`${B}/caregiver/change-requests/${id}/${decision}`)),
  },

  training: {
    courses: () => data(get<Data<Course[]>>(`${B}/caregiver/courses`)),
    course: (id: string) => data(get<Data<Course>>(`${B}/caregiver/courses/${id}`)),
    startExam: (examId: string) => data(post<Data<ExamAttempt>>(`${B}/caregiver/exams/${examId}/attempts`)),
    submit: (attemptId: string, answers: Record<string, string[]>) =>
      data(post<Data<ExamResult>>(`${B}/caregiver/exam-attempts/${attemptId}/submit`, { answers })),
    plan: () =>
      data(
        get<Data<{ month: string; courses: Array<{ documentId: string; title: string; passed: boolean }>; completedAt: string | null }>>(
          `${B}/caregiver/training-plan`,
        ),
      ),
  },
};
