/**
 * WeChat Pay 商家转账 (API v3, /v3/fund-app/mch-transfer/transfer-bills) through wechatpay-axios-plugin, the same
 * signed and response-verified client as the payments. Scene 1005 (佣金报酬) with its two required report lines.
 * out_bill_no is our payout number: a resend of the same number answers the existing bill, never a second transfer.
 */
import { Wechatpay } from 'wechatpay-axios-plugin';
import { buildVerifiers, toGatewayError, validateConfig, WECHATPAY_DEFAULT_BASE_URL, WechatPayApiError, type WechatPayConfig } from '../payment/wechatpay';
import type { PayoutInput, PayoutProvider, PayoutResult } from './types';

const BILL_NO = /^[A-Za-z0-9]{5,32}$/;
const SCENE_COMMISSION = '1005';

type Bill = { out_bill_no?: string; transfer_bill_no?: string; state?: string; fail_reason?: string; package_info?: string };

/** SUCCESS and FAIL/CANCELLED are final; every other state is still on its way (ACCEPTED, PROCESSING, WAIT_USER_CONFIRM ...). */
export function billState(bill: Bill): PayoutResult {
  const base = { providerRef: bill.transfer_bill_no || undefined, packageInfo: bill.package_info || undefined };
  if (bill.state === 'SUCCESS') return { status: 'succeeded', ...base };
  if (bill.state === 'FAIL' || bill.state === 'CANCELLED') return { status: 'failed', reason: bill.fail_reason || bill.state, ...base };
  return { status: 'processing', ...base };
}

const cut = (text: string, max: number) => Array.from(text).slice(0, max).join('');

export function createWechatTransferProvider(config: WechatPayConfig): PayoutProvider {
  validateConfig(config);
  const client = new Wechatpay({
    mchid: config.mchId,
    serial: config.merchantSerialNo,
    privateKey: config.merchantPrivateKeyPem,
    certs: { ...buildVerifiers(config) },
    baseURL: (config.baseUrl ?? WECHATPAY_DEFAULT_BASE_URL).replace(/\/*$/, '/'),
    timeout: config.timeoutMs ?? 10_000,
  });
  const billNo = (no: string) => {
    if (!BILL_NO.test(no)) throw new TypeError('out_bill_no must be 5-32 letters or digits');
    return no;
  };

  return {
    method: 'wechat',
    async send(input: PayoutInput) {
      billNo(input.outTradeNo);
      if (!Number.isSafeInteger(input.amountFen) || input.amountFen <= 0) throw new TypeError('amountFen must be a positive integer');
      try {
        const { data } = await client.chain('v3/fund-app/mch-transfer/transfer-bills').post({
          appid: config.appId,
          out_bill_no: input.outTradeNo,
          transfer_scene_id: SCENE_COMMISSION,
          openid: input.openid,
          transfer_amount: input.amountFen,
          transfer_remark: cut(input.remark, 32),
          ...(input.notifyUrl ? { notify_url: input.notifyUrl } : {}),
          transfer_scene_report_infos: [
            { info_type: '岗位类型', info_content: '陪护人员' },
            { info_type: '报酬说明', info_content: cut(input.remark, 32) },
          ],
        });
        return billState(data as Bill);
      } catch (error) {
        throw toGatewayError('transfer', error);
      }
    },
    async query(outTradeNo: string) {
      try {
        const { data } = await client.chain(`v3/fund-app/mch-transfer/transfer-bills/out-bill-no/${billNo(outTradeNo)}`).get();
        return billState(data as Bill);
      } catch (error) {
        const mapped = toGatewayError('transfer query', error);
        // WeChat has no bill under this number (the send was lost on its way): still unpaid; the caller resends the
        // SAME number, which can never pay twice. It is never "failed": a new number could pay a second time.
        if (mapped instanceof WechatPayApiError && mapped.code === 'NOT_FOUND') return { status: 'processing', reason: 'NOT_FOUND' };
        throw mapped;
      }
    },
  };
}
