/** Shapes of the demo catalog. Amounts are integer fen; times are Beijing wall-clock "HH:mm". */
export type PricingUnit = 'per_visit' | 'hour' | 'half_day' | 'day' | 'night';

export interface SeedCity {
  code: string; // GB/T 2260 prefecture code, e.g. 110100
  name: string;
}

export interface SeedCredentialType {
  code: string;
  name: string;
  issuer: string;
  description: string;
  requiresExpiry: boolean;
}

export interface SeedCategory {
  slug: string;
  name: string;
  nameEn: string;
  icon: string;
  sortOrder: number;
  description: string;
  parentSlug?: string;
}

export interface SeedService {
  slug: string;
  name: string;
  categorySlug: string;
  summary: string;
  content: string; // Markdown: 服务内容
  process: Array<{ title: string; description: string }>; // 服务流程, in order
  serviceHours: string; // 服务时间, human readable
  notes: string; // Markdown: 注意事项
  pricing: {
    unit: PricingUnit;
    basePriceFen: number;
    minUnits: number;
    maxUnits: number;
    nightSurchargeFen: number;
    weekendSurchargePercent: number;
    holidaySurchargePercent: number;
    dependentSurchargeFen: number;
    visitMinutes?: number;
  };
  dailyStartTime: string;
  dailyEndTime: string;
  minLeadMinutes: number;
  travelBufferMinutes: number;
  requiredCredentialCodes: string[];
  cityCodes: string[];
  sortOrder: number;
}

export interface SeedHospital {
  slug: string;
  name: string;
  grade: 'grade_3a' | 'grade_3b' | 'grade_3' | 'grade_2a' | 'grade_2' | 'grade_1' | 'ungraded';
  cityCode: string;
  district: string;
  address: string;
  latitude: number;
  longitude: number;
  phone: string;
  departments: string[];
}
