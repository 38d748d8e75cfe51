import { useState } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { usePagedList } from '../lib/api';
import { beijing } from '../lib/format';
import { DataTable, Pager } from '../components/DataTable';
import { ActionDialog } from '../components/ActionDialog';
import { Failure, Tag } from '../components/Feedback';
import { LongText, Select } from '../components/Inputs';

const VISIBILITY: Array<[string, string]> = [
  ['', '全部评价'],
  ['false', '展示中'],
  ['true', '已隐藏'],
];
const RATING: Array<[string, string]> = [
  ['', '全部评分'],
  ['2', '2 星及以下'],
  ['3', '3 星及以下'],
];

/** 客服: review moderation. Hiding needs a reason and recomputes the caregiver's rating on the server. */
export function ReviewsPage() {
  const [hidden, setHidden] = useState('');
  const [maxOverall, setMaxOverall] = useState('');
  const list = usePagedList<any>('/booking/reviews', { hidden, maxOverall });
  return (
    <>
      <Layouts.Header title="评价审核" subtitle="隐藏违规评价（需填写原因）或恢复展示" />
      <Layouts.Content>
        <Failure error={list.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <Select label="展示状态" value={hidden} options={VISIBILITY} onChange={setHidden} />
          <Select label="评分" value={maxOverall} options={RATING} onChange={setMaxOverall} />
        </Flex>
        <DataTable
          label="评价列表"
          empty="没有符合条件的评价"
          loading={list.loading}
          rows={list.rows}
          rowKey={(r) => r.documentId}
          columns={[
            { label: '订单号', render: (r) => <Typography>{r.order?.orderNo ?? '—'}</Typography> },
            { label: '陪护人员', render: (r) => <Typography>{r.caregiver?.realName ?? '—'}</Typography> },
            {
              label: '评分',
              render: (r) => (
                <Typography fontWeight="bold">
                  {'★'.repeat(r.scores.overall)}
                  {'☆'.repeat(5 - r.scores.overall)}
                </Typography>
              ),
            },
            {
              label: '内容',
              wrap: true,
              render: (r) => (
                <Box style={{ maxWidth: 360 }}>
                  <Typography tag="div">{r.text || '（无文字）'}</Typography>
                  {r.tags?.length ? (
                    <Typography variant="pi" textColor="neutral600">
                      {r.tags.join('、')}
                    </Typography>
                  ) : null}
                </Box>
              ),
            },
            { label: '用户', render: (r) => <Typography>{r.author?.phone || r.author?.name || '—'}</Typography> },
            { label: '时间', render: (r) => <Typography>{beijing(r.createdAt)}</Typography> },
            {
              label: '状态',
              render: (r) =>
                r.hidden ? (
                  <Box>
                    <Tag tone="danger">已隐藏</Tag>
                    <Typography tag="div" variant="pi" textColor="neutral600">
                      {r.hiddenReason}
                    </Typography>
                  </Box>
                ) : (
                  <Tag tone="success">展示中</Tag>
                ),
            },
            { label: '操作', render: (r) => <Moderate review={r} onDone={() => list.reload()} /> },
          ]}
        />
        <Pager pagination={list.pagination} page={list.page} onPage={list.setPage} />
      </Layouts.Content>
    </>
  );
}

function Moderate({ review, onDone }: { review: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [reason, setReason] = useState('');
  return review.hidden ? (
    <ActionDialog
      trigger="恢复展示"
      size="S"
      title="恢复展示该评价"
      description="评价会重新公开，并计入陪护人员的评分。"
      confirmLabel="确认恢复"
      success="评价已恢复展示"
      onConfirm={async () => {
        await post(`/booking/reviews/${review.documentId}/unhide`, {});
        await onDone();
      }}
    />
  ) : (
    <ActionDialog
      trigger="隐藏"
      size="S"
      danger
      title="隐藏该评价"
      description="隐藏后评价不再公开展示，也不计入陪护人员的评分。"
      confirmLabel="确认隐藏"
      canSubmit={reason.trim().length >= 2}
      success="评价已隐藏"
      onConfirm={async () => {
        await post(`/booking/reviews/${review.documentId}/hide`, { reason: reason.trim() });
        await onDone();
      }}
    >
      <LongText label="隐藏原因" name="hide-reason" value={reason} onChange={setReason} required />
    </ActionDialog>
  );
}
