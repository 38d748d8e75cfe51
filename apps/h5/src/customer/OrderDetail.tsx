import { useState } from 'react';
import { Avatar, Button, DatePicker, Dialog, Stepper, Toast } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { api, mediaUrl, type Order } from '../api';
import { useLoad } from '../lib/use-load';
import { useLive, useLiveEvents } from '../lib/live';
import { beijingNowAsLocal, dateTime, wallClockToIso, yuan } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { OrderSummary, PriceLines, Timeline } from '../components/order-bits';

const HINTS: Record<string, string> = {
  pending_payment: '请在 15 分钟内完成支付，超时订单将自动取消',
  pending_acceptance: '支付成功，正在为您安排陪护人员',
  accepted: '陪护人员已接单，将按约定时间提供服务',
  departed: '陪护人员已出发，请保持电话畅通',
  arrived: '陪护人员已到达服务地点',
  in_service: '服务进行中',
  finished: '陪护人员已完成服务，请确认',
  completed: '服务已完成，欢迎评价',
  reviewed: '感谢您的评价',
  cancelled: '订单已取消',
};

function ChangeDialog({ order, onDone }: { order: Order; onDone: () => void }) {
  const navigate = useNavigate();
  const [visible, setVisible] = useState(false);
  const [pickerOpen, setPickerOpen] = useState(false);
  const [start, setStart] = useState<Date | null>(null);
  const [units, setUnits] = useState(order.units);
  async function submit() {
    try {
      const result = await api.orders.change(order.documentId, { ...(start ? { startAt: wallClockToIso(start) } : {}), units });
      const request = result.changeRequest;
      if (request?.status === 'awaiting_payment') {
        // A dearer change of a paid order applies only once the difference is paid (补差价).
        const ok = await Dialog.confirm({
          content: `改约后需补差价 ${yuan(request.chargeFen)}，请在 ${dateTime(request.expiresAt)} 前支付，逾期改约失效`,
          confirmText: '去补差价',
          cancelText: '稍后',
        });
        if (ok) return navigate(`/orders/${order.documentId}/pay?change=${request.documentId}`);
      } else {
        Toast.show({ icon: 'success', content: result.applied ? '已修改预约' : '已提交改约申请，等待陪护人员确认' });
      }
      onDone();
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }
  return (
    <>
      <Button size="small" onClick={() => setVisible(true)}>
        修改预约
      </Button>
      <Dialog
        visible={visible}
        title="修改预约"
        closeOnAction
        onClose={() => setVisible(false)}
        content={
          <div>
            <p className="muted">可修改开始时间和时长；陪护人员接单后的修改需其同意。</p>
            <Button size="small" onClick={() => setPickerOpen(true)}>
              {start ? dateTime(wallClockToIso(start)) : '选择新的开始时间'}
            </Button>
            <div className="row" style={{ marginTop: 8 }}>
              时长 <Stepper aria-label="时长" min={1} max={1000} value={units} onChange={setUnits} digits={0} />
            </div>
          </div>
        }
        actions={[
          [
            { key: 'cancel', text: '取消' },
            { key: 'ok', text: '提交', bold: true, onClick: submit },
          ],
        ]}
      />
      <DatePicker
        visible={pickerOpen}
        onClose={() => setPickerOpen(false)}
        precision="minute"
        min={beijingNowAsLocal(60)}
        filter={{ minute: (m) => m % 30 === 0 }}
        onConfirm={setStart}
        title="新的开始时间（北京时间）"
      />
    </>
  );
}

/** The open change: waiting for the caregiver, or for the difference to be paid before its deadline. */
function PendingChange({ order }: { order: Order }) {
  const navigate = useNavigate();
  const change = order.pendingChange!;
  const when = change.newStartAt ? `新时间 ${dateTime(change.newStartAt)}，` : '';
  if (change.status === 'awaiting_payment') {
    return (
      <section className="section section-pad" data-testid="pending-change">
        <h2 className="section-title">改约待补差价</h2>
        <p style={{ margin: '0 0 8px' }}>
          {when}需补差价 <span className="price">{yuan(change.chargeFen)}</span>，请在 {dateTime(change.expiresAt)} 前支付，逾期改约失效。
        </p>
        <Button size="small" color="primary" onClick={() => navigate(`/orders/${order.documentId}/pay?change=${change.documentId}`)}>
          去补差价
        </Button>
      </section>
    );
  }
  return (
    <section className="section section-pad" data-testid="pending-change">
      <h2 className="section-title">改约申请待陪护人员确认</h2>
      <p className="muted" style={{ margin: 0 }}>
        {when}
        {dateTime(change.expiresAt)} 前未确认将自动失效。
      </p>
    </section>
  );
}

function Actions({ order, reload }: { order: Order; reload: () => void }) {
  const navigate = useNavigate();
  const can = (a: string) => order.allowedActions?.includes(a);
  async function cancel() {
    try {
      const quote = await api.orders.cancellationQuote(order.documentId);
      const ok = await Dialog.confirm({
        title: '取消订单',
        content: `${quote.explanation}\n手续费 ${yuan(quote.feeFen)}，退款 ${yuan(quote.refundFen)}`,
        confirmText: '确认取消',
        cancelText: '再想想',
      });
      if (!ok) return;
      await api.orders.cancel(order.documentId, '用户取消');
      Toast.show({ icon: 'success', content: '订单已取消' });
      reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }
  async function confirm() {
    const ok = await Dialog.confirm({ content: '确认陪护人员已完成服务？', confirmText: '确认完成' });
    if (!ok) return;
    try {
      await api.orders.confirm(order.documentId);
      Toast.show({ icon: 'success', content: '已确认完成' });
      reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }
  const paid = order.paymentStatus !== 'unpaid';
  return (
    <>
      {can('cancel') && (
        <Button size="small" onClick={cancel}>
          取消订单
        </Button>
      )}
      {['pending_payment', 'pending_acceptance', 'accepted'].includes(order.status) && <ChangeDialog order={order} onDone={reload} />}
      {paid && order.status !== 'pending_payment' && (
        <Button size="small" onClick={() => navigate(`/orders/${order.documentId}/complaint`)}>
          投诉
        </Button>
      )}
      <span className="grow" />
      {order.status === 'pending_payment' && (
        <Button color="primary" onClick={() => navigate(`/orders/${order.documentId}/pay`)}>
          去支付
        </Button>
      )}
      {can('confirm') && (
        <Button color="primary" onClick={confirm}>
          确认完成
        </Button>
      )}
      {can('review') && (
        <Button color="primary" onClick={() => navigate(`/orders/${order.documentId}/review`)}>
          去评价
        </Button>
      )}
    </>
  );
}

export default function OrderDetail() {
  const { id = '' } = useParams();
  const state = useLoad(() => api.orders.get(id), [id]);
  const { connected } = useLive();
  // Each status change arrives as a notification carrying the order number: refetch the order when it is ours.
  useLiveEvents((kind, data) => {
    if (kind === 'resync' || kind === 'ready' || (kind === 'notification' && (!data?.orderNo || data.orderNo === state.data?.orderNo))) void state.reload();
  });
  return (
    <Page
      title="订单详情"
      right={
        <span className="muted" aria-label={connected ? '实时更新已连接' : '实时更新未连接'}>
          <span className={`live-dot${connected ? ' on' : ''}`} />
          实时
        </span>
      }
      footer={state.data && <Actions order={state.data} reload={state.reload} />}
    >
      <Loadable state={state}>
        {(order) => (
          <>
            <div className="status-head" aria-live="polite">
              <h2 data-testid="order-status" data-status={order.status}>
                {order.statusLabel}
              </h2>
              <p>{HINTS[order.status]}</p>
            </div>
            {order.caregiver && (
              <section className="section section-pad row">
                <Avatar src={mediaUrl(order.caregiver.photo) ?? ''} aria-hidden />
                <div>
                  <strong>{order.caregiver.name}</strong>
                  <div className="muted">{order.status === 'pending_acceptance' ? '指定陪护人员，等待接单' : '为您服务的陪护人员'}</div>
                </div>
              </section>
            )}
            {order.serviceSummary && (
              <section className="section section-pad">
                <h2 className="section-title">服务小结</h2>
                <p style={{ margin: 0 }}>{order.serviceSummary}</p>
              </section>
            )}
            {order.pendingChange && <PendingChange order={order} />}
            <div className="section">
              <OrderSummary order={order} />
            </div>
            <div className="section">
              <PriceLines
                lines={order.priceLines}
                totalFen={order.totalFen}
                note={order.paidFen ? `已付 ${yuan(order.paidFen)}${order.refundedFen ? `，已退 ${yuan(order.refundedFen)}` : ''}` : undefined}
              />
            </div>
            {order.timeline && order.timeline.length > 0 && (
              <section className="section section-pad">
                <h2 className="section-title">订单进度</h2>
                <Timeline entries={order.timeline} />
              </section>
            )}
          </>
        )}
      </Loadable>
    </Page>
  );
}
