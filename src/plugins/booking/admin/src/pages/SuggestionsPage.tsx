import { useState } from 'react';
import { Box, Checkbox, Flex, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { usePagedList } from '../lib/api';
import { beijing } from '../lib/format';
import { SUGGESTION_STATUS, SUGGESTION_TAGS, label } from '../lib/labels';
import { DataTable, Pager } from '../components/DataTable';
import { ActionDialog } from '../components/ActionDialog';
import { Failure, Tag } from '../components/Feedback';
import { LongText, Select } from '../components/Inputs';

const STATUSES: Array<[string, string]> = [['', '全部'], ...Object.entries(SUGGESTION_STATUS)];

/** 客服: users' suggestions, tagged for the product team and answered to the user's inbox. */
export function SuggestionsPage() {
  const [status, setStatus] = useState('new');
  const list = usePagedList<any>('/booking/suggestions', { status });
  return (
    <>
      <Layouts.Header title="意见建议" subtitle="为用户的意见建议打标签并回复（回复会发到用户的消息中心）" />
      <Layouts.Content>
        <Failure error={list.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end">
          <Select label="状态" value={status} options={STATUSES} onChange={setStatus} />
        </Flex>
        <DataTable
          label="意见建议"
          empty="没有符合条件的意见建议"
          loading={list.loading}
          rows={list.rows}
          rowKey={(s) => s.documentId}
          columns={[
            {
              label: '内容',
              wrap: true,
              render: (s) => (
                <Typography tag="div" style={{ maxWidth: 420 }}>
                  {s.text}
                </Typography>
              ),
            },
            { label: '联系方式', render: (s) => <Typography>{s.contact ?? '—'}</Typography> },
            {
              label: '标签',
              wrap: true,
              render: (s) => (
                <Flex gap={1} wrap="wrap">
                  {(s.tags ?? []).map((t: string) => (
                    <Tag key={t} tone="primary">
                      {t}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            { label: '提交时间', render: (s) => <Typography>{beijing(s.createdAt)}</Typography> },
            {
              label: '状态',
              render: (s) => (
                <Box>
                  <Tag tone={s.status === 'answered' ? 'success' : 'warning'}>{label(SUGGESTION_STATUS, s.status)}</Tag>
                  {s.answer ? (
                    <Typography tag="div" variant="pi" textColor="neutral600">
                      回复：{s.answer}
                    </Typography>
                  ) : null}
                </Box>
              ),
            },
            {
              label: '操作',
              render: (s) => (
                <Flex gap={2}>
                  <TagDialog suggestion={s} onDone={() => list.reload()} />
                  {s.status !== 'answered' ? <AnswerDialog suggestion={s} onDone={() => list.reload()} /> : null}
                </Flex>
              ),
            },
          ]}
        />
        <Pager pagination={list.pagination} page={list.page} onPage={list.setPage} />
      </Layouts.Content>
    </>
  );
}

function TagDialog({ suggestion, onDone }: { suggestion: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [tags, setTags] = useState<string[]>(suggestion.tags ?? []);
  return (
    <ActionDialog
      trigger="打标签"
      size="S"
      title="为意见建议打标签"
      confirmLabel="保存标签"
      canSubmit={tags.length > 0}
      success="标签已保存"
      onConfirm={async () => {
        await post(`/booking/suggestions/${suggestion.documentId}/tag`, { tags });
        await onDone();
      }}
    >
      <Flex direction="column" alignItems="flex-start" gap={2}>
        {SUGGESTION_TAGS.map((t) => (
          <Checkbox
            key={t}
            checked={tags.includes(t)}
            onCheckedChange={(v: boolean | 'indeterminate') => setTags((list) => (v === true ? [...list, t] : list.filter((x) => x !== t)))}
          >
            {t}
          </Checkbox>
        ))}
      </Flex>
    </ActionDialog>
  );
}

function AnswerDialog({ suggestion, onDone }: { suggestion: any; onDone: () => Promise<void> }) {
  const { post } = useFetchClient();
  const [text, setText] = useState('');
  return (
    <ActionDialog
      trigger="回复"
      size="S"
      title="回复用户"
      description="回复后不能修改，会发送到用户的消息中心。"
      confirmLabel="发送回复"
      canSubmit={text.trim().length >= 2}
      success="回复已发送"
      onConfirm={async () => {
        await post(`/booking/suggestions/${suggestion.documentId}/answer`, { text: text.trim() });
        await onDone();
      }}
    >
      <LongText label="回复内容" name="answer-text" value={text} onChange={setText} required />
    </ActionDialog>
  );
}
