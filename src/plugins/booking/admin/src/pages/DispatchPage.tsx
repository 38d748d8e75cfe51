import { useEffect, useState } from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Layouts } from '@strapi/strapi/admin';
import { usePagedList } from '../lib/api';
import { beijing, yuan } from '../lib/format';
import { ALERT_KIND, ORDER_STATUS, PAYMENT_STATUS, label } from '../lib/labels';
import { useCan } from '../lib/permissions';
import { useOptions } from '../lib/options';
import { DataTable, Pager } from '../components/DataTable';
import { Failure, Tag } from '../components/Feedback';
import { Select, Text } from '../components/Inputs';
import { OrderDrawer } from './OrderDrawer';

const POLL_MS = 15_000;
const STATUSES: Array<[string, string]> = [['', '全部状态'], ...Object.entries(ORDER_STATUS)];

const statusTone = (s: string) =>
  s === 'pending_acceptance' ? 'warning' : s === 'cancelled' ? 'neutral' : s === 'completed' || s === 'reviewed' ? 'success' : 'primary';

/** 调度员: find an order the way a caller describes it, open it, assign or re-assign it; alerts on top. */
export function DispatchPage() {
  const can = useCan();
  const { cityOptions, serviceOptions } = useOptions();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [cityCode, setCityCode] = useState('');
  const [serviceId, setServiceId] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  // Search as the dispatcher types, once they pause.
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 400);
    return () => clearTimeout(t);
  }, [typed]);
  const orders = usePagedList<any>('/booking/orders', { q, status, cityCode, serviceId, from, to }, { pollMs: POLL_MS });
  return (
    <>
      <Layouts.Header title="订单调度" subtitle="搜索订单、查看时间线、从候选人中指派或改派（每 15 秒自动刷新）" />
      <Layouts.Content>
        {can('dispatch.assign') ? <AlertsPanel onOpenOrder={setOpen} /> : null}
        <Failure error={orders.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
          <Box style={{ minWidth: 280 }}>
            <Text label="搜索" name="order-search" value={typed} onChange={setTyped} placeholder="订单号 / 手机尾号 4 位 / 陪护人员姓名" />
          </Box>
          <Select label="状态" value={status} options={STATUSES} onChange={setStatus} />
          <Select label="城市" value={cityCode} options={cityOptions} onChange={setCityCode} />
          <Select label="服务" value={serviceId} options={serviceOptions} onChange={setServiceId} minWidth="200px" />
          <Text label="服务日期从" type="date" value={from} onChange={setFrom} />
          <Text label="至" type="date" value={to} onChange={setTo} />
        </Flex>
        <DataTable
          label="订单列表"
          empty="没有符合条件的订单"
          loading={orders.loading}
          rows={orders.rows}
          rowKey={(o) => o.orderNo}
          onRowClick={(o) => setOpen(o.documentId)}
          columns={[
            { label: '订单号', render: (o) => <Typography fontWeight="bold">{o.orderNo}</Typography> },
            { label: '服务', wrap: true, render: (o) => <Typography>{o.service?.name}</Typography> },
            { label: '预约时间', render: (o) => <Typography>{beijing(o.startAt)}</Typography> },
            {
              label: '联系人',
              render: (o) => (
                <Typography>
                  {o.contactName} {o.contactPhone}
                </Typography>
              ),
            },
            { label: '陪护人员', render: (o) => <Typography>{o.caregiver?.name ?? '—'}</Typography> },
            { label: '金额', render: (o) => <Typography>{yuan(o.totalFen)}</Typography> },
            { label: '支付', render: (o) => <Typography>{label(PAYMENT_STATUS, o.paymentStatus)}</Typography> },
            { label: '状态', render: (o) => <Tag tone={statusTone(o.status)}>{o.statusLabel ?? label(ORDER_STATUS, o.status)}</Tag> },
          ]}
        />
        <Pager pagination={orders.pagination} page={orders.page} onPage={orders.setPage} />
        {open ? <OrderDrawer documentId={open} onClose={() => setOpen(null)} onChanged={() => void orders.reload()} /> : null}
      </Layouts.Content>
    </>
  );
}

function AlertsPanel({ onOpenOrder }: { onOpenOrder: (documentId: string) => void }) {
  const alerts = usePagedList<any>('/booking/dispatch/alerts', { open: 'true' }, { pollMs: POLL_MS, pageSize: 5 });
  if (alerts.error) return <Failure error={alerts.error} title="派单告警加载失败" />;
  if (alerts.rows.length === 0) return null;
  return (
    <Box background="danger100" padding={4} hasRadius marginBottom={6} aria-label="派单告警" role="region">
      <Typography variant="delta" tag="h2" textColor="danger700">
        待处理的派单告警（{alerts.pagination?.total ?? alerts.rows.length}）
      </Typography>
      {alerts.rows.map((a) => (
        <Flex key={a.id} gap={3} paddingTop={2} alignItems="center">
          <Tag tone="danger">{label(ALERT_KIND, a.kind)}</Tag>
          <Typography>{a.message}</Typography>
          <Typography textColor="neutral600">{beijing(a.createdAt)}</Typography>
          {a.order?.documentId ? (
            <Button size="S" variant="tertiary" onClick={() => onOpenOrder(a.order.documentId)}>
              处理
            </Button>
          ) : null}
        </Flex>
      ))}
      {(alerts.pagination?.pageCount ?? 1) > 1 ? <Pager pagination={alerts.pagination} page={alerts.page} onPage={alerts.setPage} /> : null}
    </Box>
  );
}
