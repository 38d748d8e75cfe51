import { useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage, useNow, useResource } from '../lib/api';
import { beijing, countdown, yuan } from '../lib/format';
import {
  ACTOR,
  ALERT_KIND,
  CHANGE_STATUS,
  CHANNEL,
  DISPATCH_MODE,
  LEVEL,
  OFFER_STATUS,
  PAYMENT_RECORD_STATUS,
  PAYMENT_STATUS,
  REFUND_SOURCE,
  REFUND_STATUS,
  SCORE_FACTOR,
  label,
} from '../lib/labels';
import { useCan } from '../lib/permissions';
import { DataTable } from '../components/DataTable';
import { Drawer } from '../components/Drawer';
import { ActionDialog } from '../components/ActionDialog';
import { Facts, Failure, Muted, Section, Tag } from '../components/Feedback';
import { LongText } from '../components/Inputs';

const CANCELLABLE = ['pending_payment', 'pending_acceptance', 'accepted', 'departed', 'arrived'];

/** One order: what happened (timeline, money, changes, offers) and what the dispatcher can do now. */
export function OrderDrawer({ documentId, onClose, onChanged }: { documentId: string; onClose: () => void; onChanged: () => void }) {
  const can = useCan();
  const now = useNow();
  const { data: o, error, reload } = useResource<any>(`/booking/orders/${documentId}`, 15_000);
  const changed = async () => {
    await reload();
    onChanged();
  };
  return (
    <Drawer title={o ? `订单 ${o.orderNo}` : '订单详情'} label="订单详情" onClose={onClose}>
      <Failure error={error} />
      {!o ? (
        <Muted>加载中…</Muted>
      ) : (
        <Box>
          <Flex gap={2} paddingTop={4} wrap="wrap">
            <Tag tone="primary">{o.statusLabel}</Tag>
            <Tag>{label(PAYMENT_STATUS, o.paymentStatus)}</Tag>
            <Tag>{label(DISPATCH_MODE, o.dispatchMode)}</Tag>
          </Flex>
          <Section title="订单信息">
            <Facts
              items={[
                ['服务', o.service?.name ?? '—'],
                ['预约时间', `${beijing(o.startAt)} 至 ${beijing(o.endAt)}`],
                [
                  '地点',
                  o.placeType === 'hospital' ? `${o.address?.hospitalName ?? o.address?.text ?? '医院'} ${o.department ?? ''}` : (o.address?.text ?? '—'),
                ],
                ['联系人', `${o.contactName ?? ''} ${o.contactPhone ?? ''}`],
                ['就诊人', o.patient?.name ?? '—'],
                ['陪护人员', o.caregiver?.name ?? '未指派'],
                ['金额', `${yuan(o.totalFen)}（已付 ${yuan(o.paidFen)}，已退 ${yuan(o.refundedFen)}）`],
                ['备注', o.notes || '—'],
              ]}
            />
          </Section>

          {can('dispatch.assign') && (o.status === 'pending_acceptance' || o.status === 'accepted') ? <Candidates order={o} onAssigned={changed} /> : null}

          {can('orders.manage') && CANCELLABLE.includes(o.status) ? <CancelOrder order={o} onDone={changed} /> : null}

          {o.alerts?.length ? (
            <Section title="派单告警">
              {o.alerts.map((a: any) => (
                <Flex key={a.id} gap={3} paddingBottom={2}>
                  <Tag tone={a.resolvedAt ? 'neutral' : 'danger'}>{label(ALERT_KIND, a.kind)}</Tag>
                  <Typography>{a.message}</Typography>
                  <Typography textColor="neutral600">{beijing(a.createdAt)}</Typography>
                </Flex>
              ))}
            </Section>
          ) : null}

          <Section title="派单记录">
            <DataTable
              label="派单记录"
              empty="没有派单记录"
              rows={o.offers ?? []}
              rowKey={(f: any) => String(f.id)}
              rowTone={(f: any) => (f.status === 'offered' ? 'warning' : undefined)}
              columns={[
                { label: '顺位', render: (f: any) => <Typography>{f.rank ?? '—'}</Typography> },
                { label: '陪护人员', render: (f: any) => <Typography>{f.caregiver?.realName ?? '—'}</Typography> },
                { label: '得分', wrap: true, render: (f: any) => <Typography>{f.score === null ? '—' : f.score.toFixed(3)}</Typography> },
                { label: '状态', render: (f: any) => <Typography>{label(OFFER_STATUS, f.status)}</Typography> },
                {
                  label: '响应时限',
                  render: (f: any) => (
                    <Typography textColor={f.status === 'offered' ? 'warning700' : 'neutral600'}>
                      {f.status === 'offered' ? countdown(f.expiresAt, now) : beijing(f.respondedAt)}
                    </Typography>
                  ),
                },
              ]}
            />
          </Section>

          <Section title="时间线">
            {(o.timeline ?? []).map((e: any, i: number) => (
              <Flex key={i} gap={3} paddingBottom={2} alignItems="baseline" data-event={e.action}>
                <Typography textColor="neutral600" style={{ minWidth: 150 }}>
                  {beijing(e.at)}
                </Typography>
                <Typography fontWeight="bold">{e.toLabel ?? e.action}</Typography>
                <Typography textColor="neutral600">{label(ACTOR, e.actorType)}</Typography>
                {e.reason ? <Typography>「{e.reason}」</Typography> : null}
              </Flex>
            ))}
          </Section>

          <Section title="支付">
            <DataTable
              label="支付记录"
              empty="没有支付记录"
              rows={o.payments ?? []}
              rowKey={(p: any) => p.tradeNo}
              columns={[
                { label: '交易号', render: (p: any) => <Typography>{p.tradeNo}</Typography> },
                { label: '渠道', render: (p: any) => <Typography>{label(CHANNEL, p.channel)}</Typography> },
                { label: '金额', render: (p: any) => <Typography>{yuan(p.amountFen)}</Typography> },
                { label: '状态', render: (p: any) => <Typography>{label(PAYMENT_RECORD_STATUS, p.status)}</Typography> },
                { label: '时间', render: (p: any) => <Typography>{beijing(p.succeededAt ?? p.createdAt)}</Typography> },
              ]}
            />
          </Section>

          <Section title="退款">
            <DataTable
              label="退款记录"
              empty="没有退款"
              rows={o.refunds ?? []}
              rowKey={(r: any) => r.refundNo}
              columns={[
                { label: '退款号', render: (r: any) => <Typography>{r.refundNo}</Typography> },
                { label: '来源', render: (r: any) => <Typography>{label(REFUND_SOURCE, r.source)}</Typography> },
                { label: '金额', render: (r: any) => <Typography>{yuan(r.amountFen)}</Typography> },
                {
                  label: '状态',
                  render: (r: any) => (
                    <Typography textColor={r.status === 'failed' ? 'danger600' : undefined}>
                      {label(REFUND_STATUS, r.status)}
                      {r.lastError ? `（${r.lastError}）` : ''}
                    </Typography>
                  ),
                },
                { label: '原因', wrap: true, render: (r: any) => <Typography ellipsis>{r.reason}</Typography> },
              ]}
            />
          </Section>

          <Section title="改约申请">
            <DataTable
              label="改约申请"
              empty="没有改约申请"
              rows={o.changeRequests ?? []}
              rowKey={(c: any) => c.documentId}
              rowTone={(c: any) => (c.status === 'pending' ? 'warning' : undefined)}
              columns={[
                { label: '新时间', render: (c: any) => <Typography>{beijing(c.newStartAt)}</Typography> },
                { label: '差价', render: (c: any) => <Typography>{yuan(c.priceDiffFen)}</Typography> },
                { label: '待补', render: (c: any) => <Typography>{c.chargeFen > 0 ? yuan(c.chargeFen) : '—'}</Typography> },
                { label: '状态', render: (c: any) => <Typography>{label(CHANGE_STATUS, c.status)}</Typography> },
                {
                  label: '时限',
                  render: (c: any) => (
                    <Typography>{c.status === 'pending' || c.status === 'awaiting_payment' ? countdown(c.expiresAt, now) : beijing(c.decidedAt)}</Typography>
                  ),
                },
              ]}
            />
          </Section>
        </Box>
      )}
    </Drawer>
  );
}

function Candidates({ order, onAssigned }: { order: any; onAssigned: () => Promise<void> }) {
  const { get } = useFetchClient();
  const [rows, setRows] = useState<any[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const load = async () => {
    setLoading(true);
    try {
      const { data } = await get<any>(`/booking/dispatch/orders/${order.documentId}/candidates`);
      setRows(data.data);
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  const reassign = order.status === 'accepted';
  return (
    <Section
      title={reassign ? '改派' : '指派陪护人员'}
      actions={
        <Button variant="secondary" size="S" loading={loading} onClick={() => void load()}>
          {rows ? '刷新候选人' : '查看候选人'}
        </Button>
      }
    >
      <Failure error={error} />
      {rows ? (
        <DataTable
          label="候选陪护人员"
          empty="没有候选人（附近没有具备该服务技能的陪护人员）"
          rows={rows}
          rowKey={(c: any) => c.caregiver.documentId}
          columns={[
            { label: '陪护人员', render: (c: any) => <Typography fontWeight="bold">{c.caregiver.realName}</Typography> },
            { label: '等级', render: (c: any) => <Typography>{label(LEVEL, c.caregiver.level)}</Typography> },
            {
              label: '距离',
              render: (c: any) => <Typography>{c.distanceKm === null || c.distanceKm === undefined ? '—' : `${c.distanceKm.toFixed(1)} 公里`}</Typography>,
            },
            {
              label: '条件',
              wrap: true,
              render: (c: any) =>
                c.eligible ? (
                  <Tag tone="success">符合</Tag>
                ) : (
                  <Box>
                    {c.reasons.map((r: any) => (
                      <Typography key={r.code} tag="div" textColor="danger600" variant="pi">
                        {r.message}
                      </Typography>
                    ))}
                  </Box>
                ),
            },
            {
              label: '得分',
              wrap: true,
              render: (c: any) => (
                <Box
                  title={Object.entries(c.breakdown ?? {})
                    .map(([k, v]) => `${label(SCORE_FACTOR, k)} ${(v as number).toFixed(3)}`)
                    .join('，')}
                >
                  <Typography fontWeight="bold">{c.score.toFixed(3)}</Typography>
                  <Typography tag="div" variant="pi" textColor="neutral600">
                    {Object.entries(c.breakdown ?? {})
                      .map(([k, v]) => `${label(SCORE_FACTOR, k)} ${(v as number).toFixed(2)}`)
                      .join(' · ')}
                  </Typography>
                </Box>
              ),
            },
            {
              label: '操作',
              render: (c: any) =>
                reassign && c.caregiver.documentId === order.caregiver?.documentId ? (
                  <Tag tone="primary">当前陪护</Tag>
                ) : (
                  <AssignButton
                    order={order}
                    candidate={c}
                    reassign={reassign}
                    onDone={async () => {
                      // The list was for the old state of the order; it is read again on demand.
                      setRows(null);
                      await onAssigned();
                    }}
                  />
                ),
            },
          ]}
        />
      ) : (
        <Muted>按资格与得分列出所有候选人；不符合条件的只能填写原因后强制指派。</Muted>
      )}
    </Section>
  );
}

function AssignButton({ order, candidate, reassign, onDone }: { order: any; candidate: any; reassign: boolean; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [reason, setReason] = useState('');
  const force = !candidate.eligible;
  const verb = reassign ? '改派' : '指派';
  return (
    <ActionDialog
      trigger={force ? `强制${verb}` : verb}
      size="S"
      danger={force || reassign}
      triggerVariant={force ? 'danger-light' : 'default'}
      title={`${force ? '强制' : ''}${verb}给 ${candidate.caregiver.realName}`}
      description={
        force
          ? `该陪护人员不满足派单条件：${candidate.reasons.map((r: any) => r.message).join('；')}。强制${verb}会记录您的原因。`
          : reassign
            ? `订单将从当前陪护人员 ${order.caregiver?.name ?? ''} 处收回，改派给 ${candidate.caregiver.realName}。`
            : `订单 ${order.orderNo} 将直接派给 ${candidate.caregiver.realName}。`
      }
      confirmLabel={`确认${verb}`}
      canSubmit={!force || reason.trim().length >= 2}
      success={`已${verb}给 ${candidate.caregiver.realName}`}
      onConfirm={async () => {
        await post(`/booking/dispatch/orders/${order.documentId}/${reassign ? 'reassign' : 'assign'}`, {
          caregiverId: candidate.caregiver.documentId,
          ...(force ? { force: true } : {}),
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        });
        await onDone();
      }}
    >
      <LongText label={force ? '强制原因' : '备注（可选）'} name="assign-reason" value={reason} onChange={setReason} required={force} />
    </ActionDialog>
  );
}

function CancelOrder({ order, onDone }: { order: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [reason, setReason] = useState('');
  return (
    <Section title="取消订单">
      <ActionDialog
        trigger="取消订单"
        danger
        title={`取消订单 ${order.orderNo}`}
        description={`平台取消免收违约金${order.paidFen > order.refundedFen ? `，已付 ${yuan(order.paidFen - order.refundedFen)} 将原路全额退回` : ''}。此操作不能撤销。`}
        confirmLabel="确认取消"
        canSubmit={reason.trim().length >= 2}
        success="订单已取消"
        onConfirm={async () => {
          await post(`/booking/orders/${order.documentId}/cancel`, { reason: reason.trim() });
          await onDone();
        }}
      >
        <LongText label="取消原因" name="cancel-reason" value={reason} onChange={setReason} required />
      </ActionDialog>
    </Section>
  );
}
