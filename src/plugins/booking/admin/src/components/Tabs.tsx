import { useState } from 'react';
import { Box, Button, Flex, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { DataTable } from './DataTable';
import { useAdminList } from './useAdminList';
import { beijing, yuan } from './format';

const Failure = ({ error }: { error: string | null }) =>
  error ? (
    <Box paddingBottom={4}>
      <Typography textColor="danger600" role="alert">
        {error}
      </Typography>
    </Box>
  ) : null;

const STATUSES: Array<[string, string]> = [
  ['', '全部状态'],
  ['pending_payment', '待支付'],
  ['pending_acceptance', '待接单'],
  ['accepted', '待服务'],
  ['in_service', '服务中'],
  ['finished', '待确认完成'],
  ['completed', '已完成'],
  ['cancelled', '已取消'],
];

export function OrdersTab() {
  const [status, setStatus] = useState('');
  const { rows, meta, error, reload } = useAdminList<any>(`/booking/orders?pageSize=50${status ? `&status=${status}` : ''}`);
  return (
    <Box>
      <Failure error={error} />
      <Flex gap={4} paddingBottom={4}>
        <Box minWidth="200px">
          <SingleSelect aria-label="订单状态" value={status} onChange={(value: string | number) => setStatus(String(value))}>
            {STATUSES.map(([value, label]) => (
              <SingleSelectOption key={value || 'all'} value={value}>
                {label}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Box>
        <Button variant="secondary" onClick={() => void reload()}>
          刷新
        </Button>
        <Typography textColor="neutral600">共 {meta?.pagination?.total ?? 0} 个订单</Typography>
      </Flex>
      <DataTable
        label="订单列表"
        empty="暂无订单"
        rows={rows}
        rowKey={(o) => o.orderNo}
        columns={[
          { label: '订单号', render: (o) => <Typography>{o.orderNo}</Typography> },
          { label: '服务', render: (o) => <Typography>{o.service?.name}</Typography> },
          { label: '预约时间', render: (o) => <Typography>{beijing(o.startAt)}</Typography> },
          { label: '联系人', render: (o) => <Typography>{o.contactName}</Typography> },
          { label: '陪护人员', render: (o) => <Typography>{o.caregiver?.name ?? '—'}</Typography> },
          { label: '金额', render: (o) => <Typography>{yuan(o.totalFen)}</Typography> },
          { label: '状态', render: (o) => <Typography>{o.statusLabel}</Typography> },
        ]}
      />
    </Box>
  );
}

export function AuditTab() {
  const { post } = useFetchClient();
  const { rows, error, reload } = useAdminList<any>('/booking/audit/applications?status=pending');
  const decide = async (id: string, decision: 'approve' | 'reject') => {
    await post(`/booking/audit/applications/${id}/${decision}`, decision === 'approve' ? { note: '资料齐全，审核通过' } : { reason: '资料不清晰，请重新上传' });
    await reload();
  };
  return (
    <Box>
      <Failure error={error} />
      <DataTable
        label="待审核申请"
        empty="没有待审核的申请"
        rows={rows}
        rowKey={(a) => a.documentId}
        columns={[
          { label: '姓名', render: (a) => <Typography>{a.realName}</Typography> },
          { label: '身份证号', render: (a) => <Typography>{a.idNumberMasked ?? '—'}</Typography> },
          { label: '城市', render: (a) => <Typography>{a.city?.name ?? '—'}</Typography> },
          { label: '从业年限', render: (a) => <Typography>{a.yearsOfExperience ?? 0} 年</Typography> },
          { label: '申请时间', render: (a) => <Typography>{beijing(a.appliedAt)}</Typography> },
          {
            label: '操作',
            render: (a) => (
              <Flex gap={2}>
                <Button size="S" onClick={() => void decide(a.documentId, 'approve')}>通过</Button>
                <Button size="S" variant="danger-light" onClick={() => void decide(a.documentId, 'reject')}>驳回</Button>
              </Flex>
            ),
          },
        ]}
      />
    </Box>
  );
}

export function ComplaintsTab() {
  const { post } = useFetchClient();
  const { rows, error, reload } = useAdminList<any>('/booking/complaints?status=submitted');
  const investigate = async (id: string) => {
    await post(`/booking/complaints/${id}/investigate`, { message: '客服已受理，正在核实情况' });
    await reload();
  };
  return (
    <Box>
      <Failure error={error} />
      <DataTable
        label="待受理投诉"
        empty="没有待受理的投诉"
        rows={rows}
        rowKey={(c) => c.documentId}
        columns={[
          { label: '类别', render: (c) => <Typography>{c.categoryLabel ?? c.category}</Typography> },
          { label: '描述', render: (c) => <Typography ellipsis>{c.description}</Typography> },
          { label: '提交时间', render: (c) => <Typography>{beijing(c.createdAt)}</Typography> },
          { label: '时限', render: (c) => <Typography textColor={c.overdue ? 'danger600' : undefined}>{beijing(c.deadlineAt)}</Typography> },
          { label: '操作', render: (c) => <Button size="S" onClick={() => void investigate(c.documentId)}>受理</Button> },
        ]}
      />
    </Box>
  );
}

export function DispatchAlertsTab() {
  const { rows, error } = useAdminList<any>('/booking/dispatch/alerts');
  return (
    <Box>
      <Failure error={error} />
      <DataTable
        label="派单告警"
        empty="没有未处理的派单告警"
        rows={rows}
        rowKey={(a) => String(a.id)}
        columns={[
          { label: '类型', render: (a) => <Typography>{a.kind}</Typography> },
          { label: '内容', render: (a) => <Typography>{a.message}</Typography> },
          { label: '时间', render: (a) => <Typography>{beijing(a.createdAt)}</Typography> },
        ]}
      />
    </Box>
  );
}

export function RiskTab() {
  const { post } = useFetchClient();
  const { rows, error, reload } = useAdminList<any>('/booking/risk/freezes?active=true');
  const lift = async (id: string) => {
    await post(`/booking/risk/freezes/${id}/lift`, { note: '运营人员在控制台审核后解除' });
    await reload();
  };
  return (
    <Box>
      <Failure error={error} />
      <DataTable
        label="支付冻结"
        empty="没有待审核的支付冻结"
        rows={rows}
        rowKey={(f) => f.documentId}
        columns={[
          { label: '用户', render: (f) => <Typography>#{f.userId}</Typography> },
          { label: '原因', render: (f) => <Typography>{f.reason}</Typography> },
          { label: '冻结时间', render: (f) => <Typography>{beijing(f.createdAt)}</Typography> },
          { label: '操作', render: (f) => <Button size="S" onClick={() => void lift(f.documentId)}>解除冻结</Button> },
        ]}
      />
    </Box>
  );
}
