/**
 * Response shapes as the H5 reads them (from the plugin's controllers and docs/api.md). Fields the pages only
 * display are optional so that a catalog or API that grows or drops a field never breaks a screen.
 */
export interface Media {
  id?: number;
  url: string;
  alternativeText?: string | null;
  width?: number | null;
  height?: number | null;
  formats?: Record<string, { url: string; width?: number }> | null;
}

export interface Category {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  icon?: string | null;
  iconImage?: Media | null;
  description?: string | null;
  sortOrder?: number | null;
  parent?: { id: number; documentId: string } | null;
  children?: Category[];
}

export type PricingUnit = 'per_visit' | 'hour' | 'half_day' | 'day' | 'night';

export interface Pricing {
  unit: PricingUnit;
  basePriceFen: number;
  minUnits: number;
  maxUnits?: number | null;
  nightSurchargeFen: number;
  weekendSurchargePercent: number;
  holidaySurchargePercent: number;
  dependentSurchargeFen: number;
  visitMinutes?: number | null;
}

export interface ProcessStep {
  id?: number;
  order?: number;
  title: string;
  description?: string | null;
}

/** A page block of the service's dynamic zone; rendered by type, unknown types fall back to their text. */
export interface Block {
  __component: string;
  id?: number;
  [key: string]: unknown;
}

export interface Service {
  id: number;
  documentId: string;
  name: string;
  slug: string;
  summary?: string | null;
  content?: string | null;
  cover?: Media | null;
  gallery?: Media[] | null;
  process?: ProcessStep[] | null;
  serviceHours?: string | null;
  priceStandard?: string | null;
  notes?: string | null;
  pricing?: Pricing | null;
  priceFromFen?: number | null;
  dailyStartTime?: string;
  dailyEndTime?: string;
  minLeadMinutes?: number;
  category?: { id?: number; documentId?: string; name: string; slug: string } | null;
  cities?: Array<{ code: string; name: string }>;
  /** The page body: the catalog's dynamic zone of blocks. */
  body?: Block[] | null;
  blocks?: Block[] | null;
  [key: string]: unknown;
}

export interface Hospital {
  documentId: string;
  name: string;
  district?: string | null;
  address?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  departments?: Array<{ name: string }>;
}

export interface City {
  documentId: string;
  code: string;
  name: string;
}

export interface Me {
  id: number;
  documentId: string;
  phone: string | null;
  displayName: string | null;
  gender: 'male' | 'female' | 'undisclosed';
  birthDate: string | null;
  contactPhone: string | null;
  avatar: { url: string } | null;
  privacy: { phoneVisibleToCaregiver: 'masked' | 'full'; allowAnalytics: boolean; marketingOptIn: boolean };
  privacyPolicyVersion: string | null;
  currentPrivacyPolicyVersion: string;
  hasPassword: boolean;
}

export type Relationship = 'self' | 'parent' | 'spouse' | 'child' | 'sibling' | 'grandparent' | 'relative' | 'friend' | 'other';
export type SelfCare = 'independent' | 'partially_dependent' | 'dependent';

export interface Patient {
  documentId: string;
  name: string;
  gender: 'male' | 'female' | null;
  birthDate: string | null;
  relationship: Relationship;
  idNumber?: string | null;
  idNumberMasked?: string | null;
  condition?: string | null;
  medicalHistory?: string | null;
  medications?: string | null;
  allergies?: string | null;
  selfCareAbility: SelfCare;
  emergencyContactName?: string | null;
  emergencyContactPhone?: string | null;
  [key: string]: unknown;
}

export type OrderStatus =
  'pending_payment' | 'pending_acceptance' | 'accepted' | 'departed' | 'arrived' | 'in_service' | 'finished' | 'completed' | 'reviewed' | 'cancelled';

export interface PriceLine {
  code: string;
  label: string;
  quantity: number;
  unitAmountFen: number;
  amountFen: number;
}

export interface TimelineEntry {
  action: string;
  from: string | null;
  to: string | null;
  toLabel: string | null;
  actorType: string;
  reason: string | null;
  at: string;
}

export interface Order {
  documentId: string;
  orderNo: string;
  status: OrderStatus;
  statusLabel: string;
  paymentStatus: string;
  service: { documentId: string; name: string };
  cityCode: string;
  startAt: string;
  endAt: string;
  unit: PricingUnit;
  units: number;
  placeType: 'home' | 'hospital';
  address?: { text?: string; district?: string | null; hospitalName?: string; [key: string]: unknown } | null;
  department?: string | null;
  notes?: string | null;
  priceLines: PriceLine[];
  totalFen: number;
  paidFen: number;
  refundedFen: number;
  cancelFeeFen: number | null;
  serviceSummary: string | null;
  allowedActions?: string[];
  contactName?: string;
  contactPhone?: string | null;
  patient?: ({ documentId?: string; name: string } & Record<string, unknown>) | null;
  caregiver?: { documentId: string; name: string; gender: string; level: string; photo: string | null } | null;
  timeline?: TimelineEntry[];
  /** Detail only: the open change, waiting for the caregiver or for its difference to be paid (补差价). */
  pendingChange?: ChangeRequest | null;
  createdAt: string;
}

export interface ChangeRequest {
  documentId: string;
  status: 'pending' | 'awaiting_payment' | 'accepted' | 'declined' | 'expired' | 'lapsed' | 'cancelled';
  newStartAt: string | null;
  newEndAt: string | null;
  newTotalFen: number;
  priceDiffFen: number;
  /** What must be paid before the change applies (fen). */
  chargeFen: number;
  expiresAt: string;
  decidedAt: string | null;
}

export interface Paginated<T> {
  data: T[];
  meta: { pagination: { page: number; pageSize: number; total: number; pageCount?: number } };
}

export interface Notification {
  id: number;
  kind: string;
  title: string;
  body: string;
  orderId?: number | null;
  readAt: string | null;
  createdAt: string;
  data?: Record<string, unknown> | null;
}

export interface Payment {
  tradeNo: string;
  channel: string;
  scene: string;
  amountFen: number;
  purpose?: 'order' | 'supplement';
  status: 'pending' | 'succeeded' | 'failed' | 'closed' | string;
  expiresAt?: string | null;
  succeededAt?: string | null;
}

/** What the page needs to take the payer to the channel: JSAPI params, an H5 / WAP URL, a form ... */
export interface PaymentStart {
  payment: Payment;
  clientPayload: Record<string, unknown>;
}

export interface CancellationQuote {
  allowed: boolean;
  feeFen: number;
  refundFen: number;
  rule?: string;
  explanation: string;
}

export interface CaregiverCard {
  documentId: string;
  name: string;
  photoUrl: string | null;
  gender: 'male' | 'female';
  ageBand: string | null;
  level: string;
  yearsOfExperience: number;
  badges: string[];
  rating: number;
  reviewCount: number;
  completedOrders: number;
  distanceKm?: number | null;
  bio?: string | null;
}

export interface Offer {
  documentId: string;
  status: string;
  rank: number;
  expiresAt: string;
  order: {
    documentId: string;
    orderNo: string;
    service: { documentId: string; name: string | null };
    startAt: string;
    endAt: string;
    placeType: 'home' | 'hospital';
    district: string | null;
    totalFen: number;
  } | null;
}

export interface Application {
  documentId: string;
  status: 'pending' | 'approved' | 'rejected' | 'suspended';
  rejectReason: string | null;
  appliedAt: string | null;
  approvedAt: string | null;
  realName: string;
  idNumberMasked: string | null;
  credentials: Array<{
    documentId: string;
    type: { code: string; name: string } | null;
    numberMasked: string | null;
    status: string;
    reviewNote: string | null;
  }>;
}

export interface Course {
  documentId: string;
  title: string;
  summary?: string | null;
  content?: string | null;
  durationMinutes?: number | null;
  required: boolean;
  passed: boolean;
  bestScore: number | null;
  materials?: Array<{ name: string; url: string }>;
  exam: { documentId: string; passMark: number; timeLimitMinutes: number; attemptLimit: number; attemptsUsed: number; questionCount: number } | null;
}

export interface ExamAttempt {
  documentId: string;
  deadlineAt: string;
  passMark: number;
  questions: Array<{ key: string; type: 'single' | 'multiple' | 'true_false'; prompt: string; options: Array<{ key: string; text: string }>; points: number }>;
}

export interface ExamResult {
  score: number;
  passed: boolean;
  passMark: number;
  results: Array<{ key: string; correct: boolean; points: number; earned: number }>;
}

export interface Review {
  documentId: string;
  scores: { attitude: number; skill: number; punctuality: number; overall: number };
  tags: string[];
  text: string;
  reviewer?: string;
  reply: { text: string; createdAt: string } | null;
  followUp: { text: string; createdAt: string } | null;
  createdAt: string;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export type WeeklySchedule = Partial<Record<Weekday, Array<{ start: string; end: string }>>>;
