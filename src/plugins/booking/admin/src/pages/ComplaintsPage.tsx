import { useState } from 'react';
import { Box, Checkbox, Flex, NumberInput, Field, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { usePagedList, useResource } from '../lib/api';
import { beijing, yuan } from '../lib/format';
import { COMPLAINT_STATUS, RESOLUTION, label } from '../lib/labels';
import { useCan } from '../lib/permissions';
import { useOptions } from '../lib/options';
import { DataTable, Pager } from '../components/DataTable';
import { Drawer } from '../components/Drawer';
import { ActionDialog } from '../components/ActionDialog';
import { Facts, Failure, Muted, Section, Tag } from '../components/Feedback';
import { LongText, Select } from '../components/Inputs';
import { OrderDrawer } from './OrderDrawer';

const STATUSES: Array<[string, string]> = [['', '全部状态'], ...Object.entries(COMPLAINT_STATUS)];
const OVERDUE: Array<[string, string]> = [
  ['', '全部'],
  ['true', '仅超时'],
  ['false', '未超时'],
];

/** 客服: complaints by status and deadline, overdue ones first in red; a drawer to investigate, resolve or reject. */
export function ComplaintsPage() {
  const [status, setStatus] = useState('submitted');
  const [overdue, setOverdue] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const list = usePagedList<any>('/booking/complaints', { status, overdue }, { pollMs: 30_000 });
  return (
    <>
      <Layouts.Header title="投诉处理" subtitle="受理、调查、处理或驳回用户投诉；超时未处理的投诉标红" />
      <Layouts.Content>
        <Failure error={list.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <Select label="状态" value={status} options={STATUSES} onChange={setStatus} />
          <Select label="时限" value={overdue} options={OVERDUE} onChange={setOverdue} />
        </Flex>
        <DataTable
          label="投诉列表"
          empty="没有符合条件的投诉"
          loading={list.loading}
          rows={list.rows}
          rowKey={(c) => c.documentId}
          onRowClick={(c) => setOpen(c.documentId)}
          rowTone={(c) => (c.overdue ? 'danger' : undefined)}
          columns={[
            { label: '订单号', render: (c) => <Typography>{c.order?.orderNo ?? '—'}</Typography> },
            { label: '类别', render: (c) => <Typography>{c.categoryLabel ?? c.category}</Typography> },
            { label: '描述', wrap: true, render: (c) => <Typography>{c.description}</Typography> },
            { label: '提交时间', render: (c) => <Typography>{beijing(c.createdAt)}</Typography> },
            {
              label: '处理时限',
              render: (c) => (
                <Typography textColor={c.overdue ? 'danger600' : undefined} fontWeight={c.overdue ? 'bold' : undefined}>
                  {c.overdue ? '已超时 · ' : ''}
                  {beijing(c.deadlineAt)}
                </Typography>
              ),
            },
            {
              label: '状态',
              render: (c) => <Tag tone={c.status === 'resolved' ? 'success' : c.status === 'rejected' ? 'neutral' : 'warning'}>{c.statusLabel}</Tag>,
            },
          ]}
        />
        <Pager pagination={list.pagination} page={list.page} onPage={list.setPage} />
        {open ? <ComplaintDrawer documentId={open} onClose={() => setOpen(null)} onChanged={() => void list.reload()} /> : null}
      </Layouts.Content>
    </>
  );
}

function ComplaintDrawer({ documentId, onClose, onChanged }: { documentId: string; onClose: () => void; onChanged: () => void }) {
  const can = useCan();
  const { post } = useFetchClient();
  const { data: c, error, reload } = useResource<any>(`/booking/complaints/${documentId}`);
  const order = useResource<any>(c?.order?.documentId && can('orders.read') ? `/booking/orders/${c.order.documentId}` : null);
  const [showOrder, setShowOrder] = useState(false);
  const [message, setMessage] = useState('');
  const changed = async () => {
    setMessage('');
    await reload();
    await order.reload();
    onChanged();
  };
  const step = (action: string, body: Record<string, unknown>) => async () => {
    await post(`/booking/complaints/${documentId}/${action}`, body);
    await changed();
  };
  const open = c && (c.status === 'submitted' || c.status === 'investigating');
  return (
    <Drawer title={c ? `投诉：${c.categoryLabel}` : '投诉详情'} label="投诉详情" onClose={onClose}>
      <Failure error={error} />
      {!c ? (
        <Muted>加载中…</Muted>
      ) : (
        <Box>
          <Flex gap={2} paddingTop={4}>
            <Tag tone={c.status === 'resolved' ? 'success' : c.status === 'rejected' ? 'neutral' : 'warning'}>{c.statusLabel}</Tag>
            {c.overdue ? <Tag tone="danger">已超时</Tag> : null}
          </Flex>
          <Section title="投诉内容">
            <Facts
              items={[
                ['订单', c.order?.orderNo ?? '—'],
                ['类别', c.categoryLabel],
                ['描述', c.description],
                ['提交时间', beijing(c.createdAt)],
                ['处理时限', beijing(c.deadlineAt)],
                ...(c.resolution ? ([['处理结果', describeResolution(c.resolution)]] as Array<[string, string]>) : []),
              ]}
            />
          </Section>
          {order.data ? (
            <Section title="关联订单">
              <Facts
                items={[
                  ['订单号', order.data.orderNo],
                  ['服务', order.data.service?.name ?? '—'],
                  ['状态', order.data.statusLabel],
                  ['陪护人员', order.data.caregiver?.name ?? '—'],
                  ['已付 / 已退', `${yuan(order.data.paidFen)} / ${yuan(order.data.refundedFen)}`],
                ]}
              />
              <Box paddingTop={2}>
                <Typography
                  tag="button"
                  textColor="primary600"
                  style={{ background: 'none', border: 0, cursor: 'pointer', padding: 0 }}
                  onClick={() => setShowOrder(true)}
                >
                  查看订单详情与时间线
                </Typography>
              </Box>
            </Section>
          ) : null}
          <Section title="处理记录">
            {(c.steps ?? []).map((s: any, i: number) => (
              <Flex key={i} gap={3} paddingBottom={2} alignItems="baseline">
                <Typography textColor="neutral600" style={{ minWidth: 150 }}>
                  {beijing(s.createdAt)}
                </Typography>
                <Typography fontWeight="bold">{label(COMPLAINT_STATUS, s.toStatus)}</Typography>
                <Typography>{s.message}</Typography>
              </Flex>
            ))}
          </Section>
          {open ? (
            <Section title="处理">
              <Flex gap={2} wrap="wrap">
                {c.status === 'submitted' ? (
                  <ActionDialog
                    trigger="受理调查"
                    triggerVariant="default"
                    title="受理并开始调查"
                    description="说明会发给用户。"
                    confirmLabel="受理"
                    canSubmit={message.trim().length >= 2}
                    success="已受理"
                    onConfirm={step('investigate', { message: message.trim() })}
                  >
                    <LongText label="给用户的说明" name="step-message" value={message} onChange={setMessage} required />
                  </ActionDialog>
                ) : null}
                <ResolveDialog complaint={c} order={order.data} onDone={changed} />
                <ActionDialog
                  trigger="驳回投诉"
                  danger
                  title="驳回投诉"
                  description="驳回后投诉关闭，不计入陪护人员的投诉记录。说明会发给用户。"
                  confirmLabel="确认驳回"
                  canSubmit={message.trim().length >= 2}
                  success="投诉已驳回"
                  onConfirm={step('reject', { message: message.trim() })}
                >
                  <LongText label="给用户的说明" name="step-message" value={message} onChange={setMessage} required />
                </ActionDialog>
              </Flex>
            </Section>
          ) : null}
        </Box>
      )}
      {showOrder && c?.order?.documentId ? (
        <OrderDrawer documentId={c.order.documentId} onClose={() => setShowOrder(false)} onChanged={() => void order.reload()} />
      ) : null}
    </Drawer>
  );
}

function describeResolution(resolution: any): string {
  if (resolution?.outcome === 'rejected') return `驳回：${resolution.message ?? ''}`;
  const items: any[] = Array.isArray(resolution) ? resolution : (resolution?.items ?? []);
  return items
    .map(
      (r) =>
        `${r.label ?? label(RESOLUTION, r.type)}${r.amountFen ? ` ${yuan(r.amountFen)}` : r.refundFen ? ` ${yuan(r.refundFen)}` : ''}${r.points ? ` ${r.points} 分` : ''}${r.days ? ` ${r.days} 天` : ''}`,
    )
    .join('，');
}

type Chosen = Record<string, boolean>;

/** Resolve with any combination of remedies; the server checks them together (one refund kind, one penalty kind). */
function ResolveDialog({ complaint, order, onDone }: { complaint: any; order: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const { courses } = useOptions();
  const [chosen, setChosen] = useState<Chosen>({});
  const [amountYuan, setAmountYuan] = useState<number | undefined>();
  const [points, setPoints] = useState<number | undefined>(2);
  const [days, setDays] = useState<number | undefined>(7);
  const [note, setNote] = useState('');
  const [courseIds, setCourseIds] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const refundable = order ? order.paidFen - order.refundedFen : null;
  const toggle = (type: string) => (checked: boolean) => setChosen((c) => ({ ...c, [type]: checked }));

  const resolutions = Object.keys(RESOLUTION)
    .filter((t) => chosen[t])
    .map((type) => {
      if (type === 'partial_refund') return { type, amountFen: Math.round((amountYuan ?? 0) * 100) };
      if (type === 'penalty') return { type, points: points ?? 0 };
      if (type === 'suspension') return { type, days: days ?? 0 };
      if (type === 'retraining') return { type, note: note.trim(), ...(courseIds.length ? { courseIds } : {}) };
      return { type };
    });
  const summary = resolutions.length ? describeResolution(resolutions) : '（未选择）';

  return (
    <ActionDialog
      trigger="处理投诉"
      triggerVariant="default"
      danger
      size="S"
      title="处理投诉"
      description="选择处理方式后确认：退款会原路退回，扣分、停单、复训会立即作用到陪护人员。此操作不能撤销。"
      confirmLabel="确认处理"
      canSubmit={resolutions.length > 0 && message.trim().length >= 2}
      success="投诉已处理"
      onConfirm={async () => {
        await post(`/booking/complaints/${complaint.documentId}/resolve`, { message: message.trim(), resolutions });
        await onDone();
      }}
    >
      <Box>
        <Typography variant="sigma" textColor="neutral600">
          处理方式{refundable !== null ? `（可退金额 ${yuan(refundable)}）` : ''}
        </Typography>
        <Flex direction="column" alignItems="stretch" gap={3} paddingTop={2}>
          {Object.entries(RESOLUTION).map(([type, text]) => (
            <Box key={type}>
              <Checkbox name={`resolution-${type}`} checked={!!chosen[type]} onCheckedChange={(v: boolean | 'indeterminate') => toggle(type)(v === true)}>
                {text}
              </Checkbox>
              {chosen[type] && type === 'partial_refund' ? (
                <Box paddingLeft={6} paddingTop={2}>
                  <Field.Root>
                    <Field.Label>退款金额（元）</Field.Label>
                    <NumberInput
                      name="refund-yuan"
                      aria-label="退款金额（元）"
                      value={amountYuan}
                      step={1}
                      onValueChange={(v: number | undefined) => setAmountYuan(v)}
                    />
                  </Field.Root>
                </Box>
              ) : null}
              {chosen[type] && type === 'penalty' ? (
                <Box paddingLeft={6} paddingTop={2}>
                  <Field.Root>
                    <Field.Label>扣分（1–12）</Field.Label>
                    <NumberInput name="penalty-points" aria-label="扣分" value={points} onValueChange={(v: number | undefined) => setPoints(v)} />
                  </Field.Root>
                </Box>
              ) : null}
              {chosen[type] && type === 'suspension' ? (
                <Box paddingLeft={6} paddingTop={2}>
                  <Field.Root>
                    <Field.Label>停单天数（1–90）</Field.Label>
                    <NumberInput name="suspension-days" aria-label="停单天数" value={days} onValueChange={(v: number | undefined) => setDays(v)} />
                  </Field.Root>
                </Box>
              ) : null}
              {chosen[type] && type === 'retraining' ? (
                <Box paddingLeft={6} paddingTop={2}>
                  <LongText label="复训说明" name="retraining-note" value={note} onChange={setNote} required />
                  <Flex direction="column" alignItems="flex-start" gap={1} paddingTop={2}>
                    {courses.map((course) => (
                      <Checkbox
                        key={course.documentId}
                        checked={courseIds.includes(course.documentId)}
                        onCheckedChange={(v: boolean | 'indeterminate') =>
                          setCourseIds((ids) => (v === true ? [...ids, course.documentId].slice(0, 5) : ids.filter((id) => id !== course.documentId)))
                        }
                      >
                        {course.title}
                      </Checkbox>
                    ))}
                  </Flex>
                </Box>
              ) : null}
            </Box>
          ))}
        </Flex>
      </Box>
      <LongText label="给用户的说明" name="resolve-message" value={message} onChange={setMessage} required />
      <Typography textColor="neutral600">将执行：{summary}</Typography>
    </ActionDialog>
  );
}
