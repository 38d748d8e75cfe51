/**
 * Real-name verification (实名核验): does this name belong to this resident ID number? One interface over
 * Tencent Cloud FaceID IdCardVerification, Aliyun Cloudauth Id2MetaVerify and a development sandbox.
 */
export interface IdentityQuery {
  realName: string;
  /** Normalised 18-character ID number (already checked against GB 11643). */
  idNumber: string;
}

export type IdentityVerdict = 'match' | 'mismatch' | 'not_found';

export interface IdentityResult {
  provider: IdentityProviderName;
  verdict: IdentityVerdict;
  /** The provider's own code and request id, kept for disputes; never the ID number itself. */
  providerCode: string;
  requestId: string;
  description: string;
}

export type IdentityProviderName = 'sandbox' | 'tencent' | 'aliyun';

export interface IdentityProvider {
  readonly name: IdentityProviderName;
  verify(query: IdentityQuery): Promise<IdentityResult>;
}

export interface IdentityConfig {
  provider: IdentityProviderName;
  /** Verification calls one user may make per 24 h (each costs money and answers "is this X's number?"). */
  maxChecksPerUserPerDay?: number;
  tencent?: { secretId: string; secretKey: string; endpoint?: string; region?: string; protocol?: 'http' | 'https' };
  aliyun?: { accessKeyId: string; accessKeySecret: string; endpoint?: string; protocol?: 'http' | 'https' };
}

/** The provider could not give an answer (auth, throttling, network, outage): the applicant may retry later. */
export class IdentityProviderError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'IdentityProviderError';
    this.code = code;
  }
}

export const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));
