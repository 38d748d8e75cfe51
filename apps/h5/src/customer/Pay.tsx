import { useState } from 'react';
import { Button, List, Radio, Result, Toast } from 'antd-mobile';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, type Order, type PaymentStart } from '../api';
import { useLoad } from '../lib/use-load';
import { dateTime, yuan } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { PriceLines } from '../components/order-bits';

type Channel = 'sandbox' | 'wechat' | 'alipay';
const inWechat = () => /MicroMessenger/i.test(navigator.userAgent);

declare global {
  interface Window {
    WeixinJSBridge?: { invoke: (name: string, params: unknown, callback: (res: { err_msg: string }) => void) => void };
  }
}

/**
 * Hands the payer to the channel with what the server answered: WeChat JSAPI parameters inside WeChat, the WeChat
 * H5 or Alipay WAP URL in other browsers. The order's status changes only when the provider's signed callback
 * arrives; the order page then shows it live.
 */
async function handOver(start: PaymentStart): Promise<'redirected' | 'paid' | 'cancelled'> {
  const payload = start.clientPayload as Record<string, string>;
  if (start.payment.channel === 'wechat' && start.payment.scene === 'jsapi' && window.WeixinJSBridge) {
    return new Promise((resolve) =>
      window.WeixinJSBridge!.invoke('getBrandWCPayRequest', payload, (res) => resolve(res.err_msg === 'get_brand_wcpay_request:ok' ? 'paid' : 'cancelled')),
    );
  }
  const url = payload.h5Url ?? payload.redirectUrl;
  if (url) {
    window.location.href = url;
    return 'redirected';
  }
  throw new Error('该支付方式需要在 App 或小程序内完成');
}

/**
 * Pays the order, or with `?change=<documentId>` the difference of a dearer change (补差价): the same channels, the
 * change's `chargeFen` instead of the order total, and the change's deadline instead of the 15-minute window.
 */
function PayForm({ order, changeId }: { order: Order; changeId: string | null }) {
  const navigate = useNavigate();
  const [channel, setChannel] = useState<Channel>('sandbox');
  const [busy, setBusy] = useState(false);
  const change = changeId && order.pendingChange?.documentId === changeId && order.pendingChange.status === 'awaiting_payment' ? order.pendingChange : null;
  const amountFen = change ? change.chargeFen : order.totalFen;
  const target = change ? { changeRequest: change.documentId } : {};

  async function pay() {
    setBusy(true);
    try {
      const returnUrl = `${window.location.origin}/h5/orders/${order.documentId}`;
      if (channel === 'sandbox') {
        const started = await api.payments.start(order.documentId, { channel: 'sandbox', scene: 'sandbox', ...target });
        const done = await api.payments.completeSandbox(started.payment.tradeNo, 'success');
        if (done.payment.status !== 'succeeded') throw new Error('支付未成功，请重试');
        Toast.show({ icon: 'success', content: '支付成功' });
        navigate(`/orders/${order.documentId}`, { replace: true });
        return;
      }
      const scene = channel === 'wechat' ? (inWechat() ? 'jsapi' : 'h5') : 'wap';
      const started = await api.payments.start(order.documentId, { channel, scene, returnUrl, ...target });
      const outcome = await handOver(started);
      if (outcome === 'paid') navigate(`/orders/${order.documentId}`, { replace: true });
      if (outcome === 'cancelled') Toast.show({ content: '已取消支付' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  if (changeId && !change) {
    return (
      <Result
        status="info"
        title="该改约无需补差价或已失效"
        description={
          <Button color="primary" fill="outline" onClick={() => navigate(`/orders/${order.documentId}`, { replace: true })}>
            查看订单
          </Button>
        }
      />
    );
  }
  if (!change && order.status !== 'pending_payment') {
    return (
      <Result
        status={order.paymentStatus === 'paid' ? 'success' : 'info'}
        title={order.paymentStatus === 'paid' ? '订单已支付' : order.statusLabel}
        description={
          <Button color="primary" fill="outline" onClick={() => navigate(`/orders/${order.documentId}`, { replace: true })}>
            查看订单
          </Button>
        }
      />
    );
  }
  return (
    <>
      <section className="section section-pad">
        <div className="muted">
          {order.service.name} · {dateTime(order.startAt)}
        </div>
        <div style={{ fontSize: 28, margin: '6px 0' }} className="price" data-testid="pay-amount">
          {yuan(amountFen)}
        </div>
        <div className="muted">
          {change
            ? `改约补差价（新总价 ${yuan(change.newTotalFen)}），请在 ${dateTime(change.expiresAt)} 前完成支付`
            : `订单号 ${order.orderNo}，请在 15 分钟内完成支付`}
        </div>
      </section>
      {!change && (
        <div className="section">
          <PriceLines lines={order.priceLines} totalFen={order.totalFen} />
        </div>
      )}
      <List header="支付方式" className="section">
        <Radio.Group value={channel} onChange={(v) => setChannel(v as Channel)}>
          <List.Item prefix={<Radio value="wechat" aria-label="微信支付" />} description={inWechat() ? '微信内支付' : '跳转微信完成支付'}>
            微信支付
          </List.Item>
          <List.Item prefix={<Radio value="alipay" aria-label="支付宝" />} description="跳转支付宝完成支付">
            支付宝
          </List.Item>
          <List.Item prefix={<Radio value="sandbox" aria-label="沙箱支付" />} description="开发环境模拟支付，不产生真实扣款">
            沙箱支付（开发环境）
          </List.Item>
        </Radio.Group>
      </List>
      <div style={{ padding: 12 }}>
        <Button block color="primary" size="large" loading={busy} onClick={pay}>
          确认支付 {yuan(amountFen)}
        </Button>
      </div>
    </>
  );
}

export default function Pay() {
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const changeId = search.get('change');
  const state = useLoad(() => api.orders.get(id), [id]);
  return (
    <Page title={changeId ? '支付改约差价' : '支付订单'}>
      <Loadable state={state}>{(order) => <PayForm order={order} changeId={changeId} />}</Loadable>
    </Page>
  );
}
