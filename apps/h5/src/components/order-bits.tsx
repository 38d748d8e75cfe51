import { List, Steps, Tag } from 'antd-mobile';
import type { Order, OrderStatus, PriceLine, TimelineEntry } from '../api';
import { fullDateTime, timeRange, yuan } from '../lib/format';
import { STATUS_LABELS, UNIT_LABELS } from '../lib/domain';

const STATUS_COLORS: Record<OrderStatus, string> = {
  pending_payment: 'warning',
  pending_acceptance: 'primary',
  accepted: 'primary',
  departed: 'primary',
  arrived: 'primary',
  in_service: 'success',
  finished: 'warning',
  completed: 'success',
  reviewed: 'default',
  cancelled: 'default',
};

export function StatusTag({ status }: { status: OrderStatus }) {
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} fill="outline" data-status={status}>
      {STATUS_LABELS[status] ?? status}
    </Tag>
  );
}

export function placeText(order: Pick<Order, 'placeType' | 'address' | 'department'>) {
  const a = order.address ?? {};
  if (order.placeType === 'hospital') return [a.hospitalName ?? a.name ?? a.text ?? '医院', order.department].filter(Boolean).join(' · ');
  return (a.text as string) ?? (a.district as string) ?? '上门服务';
}

export function OrderSummary({ order }: { order: Order }) {
  return (
    <List>
      <List.Item extra={order.orderNo}>订单号</List.Item>
      <List.Item extra={order.service?.name}>服务</List.Item>
      <List.Item extra={timeRange(order.startAt, order.endAt)}>时间</List.Item>
      <List.Item extra={`${order.units} ${UNIT_LABELS[order.unit] ?? ''}`}>数量</List.Item>
      <List.Item extra={placeText(order)}>{order.placeType === 'hospital' ? '医院' : '上门地址'}</List.Item>
      {order.patient && <List.Item extra={order.patient.name}>就诊人</List.Item>}
      {order.contactName && <List.Item extra={`${order.contactName} ${order.contactPhone ?? ''}`}>联系人</List.Item>}
      {order.notes && <List.Item description={order.notes}>备注</List.Item>}
    </List>
  );
}

export function PriceLines({ lines, totalFen, note }: { lines: PriceLine[]; totalFen: number; note?: string }) {
  return (
    <List header="费用明细">
      {lines.map((line) => (
        <List.Item key={line.code} extra={yuan(line.amountFen)} description={`${yuan(line.unitAmountFen)} × ${line.quantity}`}>
          {line.label}
        </List.Item>
      ))}
      <List.Item
        extra={
          <strong className="price" data-testid="total">
            {yuan(totalFen)}
          </strong>
        }
        description={note}
      >
        合计
      </List.Item>
    </List>
  );
}

const ACTOR = { user: '用户', caregiver: '陪护人员', operator: '客服', system: '系统' } as Record<string, string>;

export function Timeline({ entries }: { entries: TimelineEntry[] }) {
  const shown = [...entries].reverse();
  return (
    <Steps direction="vertical" current={0} aria-label="订单进度">
      {shown.map((e, i) => (
        <Steps.Step
          key={`${e.at}-${i}`}
          status={i === 0 ? 'process' : 'finish'}
          title={e.toLabel ?? e.action}
          description={`${fullDateTime(e.at)} · ${ACTOR[e.actorType] ?? e.actorType}${e.reason ? ` · ${e.reason}` : ''}`}
        />
      ))}
    </Steps>
  );
}
