import { useState } from 'react';
import { Flex, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { usePagedList } from '../lib/api';
import { beijing } from '../lib/format';
import { RISK_ACTION, RISK_SEVERITY, label } from '../lib/labels';
import { DataTable, Pager } from '../components/DataTable';
import { ActionDialog } from '../components/ActionDialog';
import { Failure, Section, Tag } from '../components/Feedback';
import { LongText, Select } from '../components/Inputs';

const ACTIVE: Array<[string, string]> = [
  ['true', '冻结中'],
  ['false', '已解除'],
  ['', '全部'],
];

/** Payment risk: frozen users (lift with a note after checking) and the events the rules recorded. */
export function RiskPage() {
  const [active, setActive] = useState('true');
  const freezes = usePagedList<any>('/booking/risk/freezes', { active });
  const events = usePagedList<any>('/booking/risk/events', {}, { pageSize: 10 });
  return (
    <>
      <Layouts.Header title="支付风控" subtitle="核实后解除支付冻结；查看风控规则触发的事件" />
      <Layouts.Content>
        <Failure error={freezes.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <Select label="冻结状态" value={active} options={ACTIVE} onChange={setActive} />
        </Flex>
        <DataTable
          label="支付冻结"
          empty="没有符合条件的支付冻结"
          loading={freezes.loading}
          rows={freezes.rows}
          rowKey={(f) => f.documentId}
          columns={[
            { label: '用户', render: (f) => <Typography>#{f.userId}</Typography> },
            { label: '规则', render: (f) => <Typography>{f.rule}</Typography> },
            { label: '原因', wrap: true, render: (f) => <Typography>{f.reason}</Typography> },
            { label: '冻结时间', render: (f) => <Typography>{beijing(f.createdAt)}</Typography> },
            { label: '状态', render: (f) => (f.active ? <Tag tone="danger">冻结中</Tag> : <Tag>已解除 · {f.liftNote}</Tag>) },
            { label: '操作', render: (f) => (f.active ? <Lift freeze={f} onDone={() => freezes.reload()} /> : null) },
          ]}
        />
        <Pager pagination={freezes.pagination} page={freezes.page} onPage={freezes.setPage} />
        <Section title="风控事件">
          <Failure error={events.error} />
          <DataTable
            label="风控事件"
            empty="没有风控事件"
            loading={events.loading}
            rows={events.rows}
            rowKey={(e) => String(e.id)}
            columns={[
              { label: '时间', render: (e) => <Typography>{beijing(e.createdAt)}</Typography> },
              { label: '用户', render: (e) => <Typography>{e.userId ? `#${e.userId}` : '—'}</Typography> },
              { label: '规则', render: (e) => <Typography>{e.rule}</Typography> },
              {
                label: '级别',
                render: (e) => (
                  <Tag tone={e.severity === 'critical' ? 'danger' : e.severity === 'warning' ? 'warning' : 'neutral'}>{label(RISK_SEVERITY, e.severity)}</Tag>
                ),
              },
              { label: '对象', render: (e) => <Typography>{e.subject ?? '—'}</Typography> },
              { label: '处理', render: (e) => <Typography>{label(RISK_ACTION, e.action)}</Typography> },
            ]}
          />
          <Pager pagination={events.pagination} page={events.page} onPage={events.setPage} />
        </Section>
      </Layouts.Content>
    </>
  );
}

function Lift({ freeze, onDone }: { freeze: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [note, setNote] = useState('');
  return (
    <ActionDialog
      trigger="解除冻结"
      size="S"
      danger
      title={`解除用户 #${freeze.userId} 的支付冻结`}
      description={`冻结原因：${freeze.reason}。解除后该用户可以继续支付，请确认已核实。`}
      confirmLabel="确认解除"
      canSubmit={note.trim().length >= 2}
      success="已解除冻结"
      onConfirm={async () => {
        await post(`/booking/risk/freezes/${freeze.documentId}/lift`, { note: note.trim() });
        await onDone();
      }}
    >
      <LongText label="核实说明" name="lift-note" value={note} onChange={setNote} required />
    </ActionDialog>
  );
}
