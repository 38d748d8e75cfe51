/** Paying caregivers out: one interface for WeChat Pay's transfer to balance (and any later channel). */
export interface PayoutInput {
  /** Our idempotent number: resending it never pays twice (the provider answers the first transfer's state). */
  outTradeNo: string;
  amountFen: number;
  openid: string;
  /** Shown to the caregiver in WeChat (≤ 32 characters). */
  remark: string;
  notifyUrl?: string;
}

export interface PayoutResult {
  status: 'processing' | 'succeeded' | 'failed';
  providerRef?: string;
  reason?: string;
  /** WAIT_USER_CONFIRM: the package the caregiver's app hands to WeChat to confirm receipt. */
  packageInfo?: string;
}

export interface PayoutProvider {
  method: 'wechat';
  send(input: PayoutInput): Promise<PayoutResult>;
  /** Throws PaymentGatewayError when the provider cannot say (unreachable, unverifiable answer). */
  query(outTradeNo: string): Promise<PayoutResult>;
}
