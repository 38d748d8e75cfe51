import { useEffect, useState } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { usePagedList } from '../lib/api';
import { beijing } from '../lib/format';
import { CAREGIVER_STATUS, GENDER, LEVEL, label } from '../lib/labels';
import { useCan } from '../lib/permissions';
import { useOptions } from '../lib/options';
import { DataTable, Pager } from '../components/DataTable';
import { ActionDialog } from '../components/ActionDialog';
import { Failure, Tag } from '../components/Feedback';
import { LongText, Select, Text } from '../components/Inputs';

const STATUSES: Array<[string, string]> = [['', '全部状态'], ...Object.entries(CAREGIVER_STATUS)];

/** Caregivers with their standing; suspend and lift (with a reason) for those who may manage caregivers. */
export function CaregiversPage() {
  const can = useCan();
  const { cityOptions } = useOptions();
  const [status, setStatus] = useState('approved');
  const [cityCode, setCityCode] = useState('');
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(typed.trim()), 400);
    return () => clearTimeout(t);
  }, [typed]);
  const list = usePagedList<any>('/booking/caregivers', { status, cityCode, q });
  return (
    <>
      <Layouts.Header title="陪护人员" subtitle="状态、等级、评分、投诉与本月培训计划；暂停或恢复接单" />
      <Layouts.Content>
        <Failure error={list.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <Text label="姓名" name="caregiver-search" value={typed} onChange={setTyped} placeholder="输入姓名查找" />
          <Select label="状态" value={status} options={STATUSES} onChange={setStatus} />
          <Select label="城市" value={cityCode} options={cityOptions} onChange={setCityCode} />
        </Flex>
        <DataTable
          label="陪护人员列表"
          empty="没有符合条件的陪护人员"
          loading={list.loading}
          rows={list.rows}
          rowKey={(c) => c.documentId}
          rowTone={(c) => (c.suspended ? 'warning' : undefined)}
          columns={[
            {
              label: '姓名',
              render: (c) => (
                <Typography fontWeight="bold">
                  {c.realName}（{label(GENDER, c.gender)}）
                </Typography>
              ),
            },
            { label: '城市', render: (c) => <Typography>{c.city?.name ?? '—'}</Typography> },
            {
              label: '状态',
              render: (c) => (
                <Box>
                  <Tag tone={c.suspended ? 'danger' : c.status === 'approved' ? 'success' : 'warning'}>
                    {c.suspended ? '暂停接单' : label(CAREGIVER_STATUS, c.status)}
                  </Tag>
                  {c.suspended ? (
                    <Typography tag="div" variant="pi" textColor="neutral600">
                      {c.suspendedUntil ? `至 ${beijing(c.suspendedUntil)}` : '直至恢复'} · {c.suspensionReason}
                    </Typography>
                  ) : null}
                </Box>
              ),
            },
            { label: '等级', render: (c) => <Typography>{label(LEVEL, c.level)}</Typography> },
            {
              label: '评分',
              render: (c) => <Typography>{c.rating === null || !c.ratingCount ? '暂无评价' : `${c.rating.toFixed(2)}（${c.ratingCount} 条）`}</Typography>,
            },
            { label: '完成订单', render: (c) => <Typography>{c.completedOrders ?? 0}</Typography> },
            { label: '投诉', render: (c) => <Typography textColor={c.complaintCount ? 'danger600' : undefined}>{c.complaintCount}</Typography> },
            { label: '扣分', render: (c) => <Typography>{c.penaltyPoints ?? 0}</Typography> },
            {
              label: `培训计划`,
              render: (c) => (
                <Typography textColor={c.trainingPlan.completed === false ? 'warning700' : undefined}>
                  {c.trainingPlan.completed === null
                    ? '本月未生成'
                    : c.trainingPlan.courses === 0
                      ? '无必修课'
                      : c.trainingPlan.completed
                        ? `已完成（${c.trainingPlan.courses} 门）`
                        : `未完成（${c.trainingPlan.courses} 门）`}
                </Typography>
              ),
            },
            ...(can('caregivers.manage') ? [{ label: '操作', render: (c: any) => <Standing caregiver={c} onDone={() => list.reload()} /> }] : []),
          ]}
        />
        <Pager pagination={list.pagination} page={list.page} onPage={list.setPage} />
      </Layouts.Content>
    </>
  );
}

function Standing({ caregiver, onDone }: { caregiver: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState('');
  if (caregiver.suspended) {
    return (
      <ActionDialog
        trigger="恢复接单"
        size="S"
        title={`恢复 ${caregiver.realName} 接单`}
        confirmLabel="确认恢复"
        canSubmit={reason.trim().length >= 2}
        success="已恢复接单"
        onConfirm={async () => {
          await post(`/booking/caregivers/${caregiver.documentId}/lift-suspension`, { reason: reason.trim() });
          await onDone();
        }}
      >
        <LongText label="恢复原因" name="lift-reason" value={reason} onChange={setReason} required />
      </ActionDialog>
    );
  }
  if (caregiver.status !== 'approved') return null;
  return (
    <ActionDialog
      trigger="暂停接单"
      size="S"
      danger
      title={`暂停 ${caregiver.realName} 接单`}
      description="暂停后立即下线，不再收到派单。不填截止日期则一直暂停，直到手动恢复。"
      confirmLabel="确认暂停"
      canSubmit={reason.trim().length >= 2}
      success="已暂停接单"
      onConfirm={async () => {
        await post(`/booking/caregivers/${caregiver.documentId}/suspend`, {
          reason: reason.trim(),
          // End of the chosen Beijing day.
          ...(until ? { until: new Date(`${until}T23:59:59+08:00`).toISOString() } : {}),
        });
        await onDone();
      }}
    >
      <LongText label="暂停原因" name="suspend-reason" value={reason} onChange={setReason} required />
      <Text label="暂停至（可选）" type="date" name="suspend-until" value={until} onChange={setUntil} />
    </ActionDialog>
  );
}
