import { useState } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { usePagedList, useResource } from '../lib/api';
import { beijing, beijingDate, beijingDay } from '../lib/format';
import { AUDIT_ACTION, CAREGIVER_STATUS, CREDENTIAL_STATUS, GENDER, IDENTITY_PROVIDER, VERDICT, label } from '../lib/labels';
import { DataTable, Pager } from '../components/DataTable';
import { Drawer } from '../components/Drawer';
import { ActionDialog } from '../components/ActionDialog';
import { Facts, Failure, Muted, Section, Tag } from '../components/Feedback';
import { LongText, Select, Text } from '../components/Inputs';
import { ScanViewer } from '../components/ScanViewer';
import { useOptions } from '../lib/options';

const STATUSES: Array<[string, string]> = Object.entries(CAREGIVER_STATUS);

/** 审核员: the application queue (filters, server paging) and one application in a drawer. */
export function AuditPage() {
  const [status, setStatus] = useState('pending');
  const [cityCode, setCityCode] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [open, setOpen] = useState<string | null>(null);
  const { cityOptions } = useOptions();
  const list = usePagedList<any>('/booking/audit/applications', { status, cityCode, from, to });
  return (
    <>
      <Layouts.Header title="资质审核" subtitle="陪护人员实名认证与资质证书审核" />
      <Layouts.Content>
        <Failure error={list.error} />
        <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
          <Select label="状态" value={status} options={STATUSES} onChange={setStatus} />
          <Select label="城市" value={cityCode} options={cityOptions} onChange={setCityCode} />
          <Text label="申请日期从" type="date" value={from} onChange={setFrom} />
          <Text label="至" type="date" value={to} onChange={setTo} />
        </Flex>
        <DataTable
          label="陪护人员申请"
          empty="没有符合条件的申请"
          loading={list.loading}
          rows={list.rows}
          rowKey={(a) => a.documentId}
          onRowClick={(a) => setOpen(a.documentId)}
          columns={[
            { label: '姓名', render: (a) => <Typography fontWeight="bold">{a.realName}</Typography> },
            { label: '性别', render: (a) => <Typography>{label(GENDER, a.gender)}</Typography> },
            { label: '身份证号', render: (a) => <Typography>{a.idNumberMasked ?? '—'}</Typography> },
            { label: '城市', render: (a) => <Typography>{a.city?.name ?? '—'}</Typography> },
            { label: '从业年限', render: (a) => <Typography>{a.yearsOfExperience ?? 0} 年</Typography> },
            { label: '申请时间', render: (a) => <Typography>{beijing(a.appliedAt)}</Typography> },
            {
              label: '状态',
              render: (a) => (
                <Tag tone={a.status === 'pending' ? 'warning' : a.status === 'approved' ? 'success' : 'danger'}>{label(CAREGIVER_STATUS, a.status)}</Tag>
              ),
            },
          ]}
        />
        <Pager pagination={list.pagination} page={list.page} onPage={list.setPage} />
        {open ? <ApplicationDrawer documentId={open} onClose={() => setOpen(null)} onDecided={() => void list.reload()} /> : null}
      </Layouts.Content>
    </>
  );
}

function ApplicationDrawer({ documentId, onClose, onDecided }: { documentId: string; onClose: () => void; onDecided: () => void }) {
  const { post } = useFetchClient();
  const { data: a, error, reload } = useResource<any>(`/booking/audit/applications/${documentId}`);
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const decided = async () => {
    await reload();
    onDecided();
  };
  const today = beijingDay();
  return (
    <Drawer title={a ? `${a.realName} 的申请` : '申请详情'} label="申请详情" onClose={onClose}>
      <Failure error={error} />
      {!a ? (
        <Muted>加载中…</Muted>
      ) : (
        <Box>
          <Flex gap={2} paddingTop={4} wrap="wrap">
            <Tag tone={a.status === 'pending' ? 'warning' : a.status === 'approved' ? 'success' : 'danger'}>{label(CAREGIVER_STATUS, a.status)}</Tag>
            {a.idVerification ? (
              <Tag tone={a.idVerification.verdict === 'match' ? 'success' : 'danger'}>实名核验：{label(VERDICT, a.idVerification.verdict)}</Tag>
            ) : (
              <Tag tone="warning">未做实名核验</Tag>
            )}
          </Flex>
          <Section title="实名信息">
            <Facts
              items={[
                ['姓名', a.realName],
                ['性别', label(GENDER, a.gender)],
                ['出生日期', a.birthDate ?? '—'],
                ['身份证号', a.idNumber ?? a.idNumberMasked ?? '—'],
                [
                  '核验结果',
                  a.idVerification
                    ? `${label(VERDICT, a.idVerification.verdict)}（${label(IDENTITY_PROVIDER, a.idVerification.provider)}，${beijing(a.idVerification.checkedAt)}）`
                    : '—',
                ],
                ['城市', a.city?.name ?? '—'],
                ['服务城市', (a.serviceCities ?? []).map((c: any) => c.name).join('、') || '—'],
                // A localized service has a row per locale and per draft/published: one name per service.
                ['服务项目', [...new Map((a.skills ?? []).map((s: any) => [s.documentId, s.name])).values()].join('、') || '—'],
                ['从业年限', `${a.yearsOfExperience ?? 0} 年`],
                ['个人简介', a.bio || '—'],
                ['申请时间', beijing(a.appliedAt)],
                ...(a.rejectReason ? ([['驳回原因', a.rejectReason]] as Array<[string, string]>) : []),
              ]}
            />
          </Section>
          <Section title="身份证照片">
            <Flex gap={4} wrap="wrap">
              <ScanViewer file={a.idCardFront} label="身份证人像面" />
              <ScanViewer file={a.idCardBack} label="身份证国徽面" />
              {a.photo ? <ScanViewer file={a.photo} label="本人照片" /> : null}
            </Flex>
          </Section>
          <Section title={`资质证书（${(a.credentials ?? []).length}）`}>
            {(a.credentials ?? []).length === 0 ? <Muted>未提交资质证书</Muted> : null}
            {(a.credentials ?? []).map((c: any) => {
              const expired = c.validUntil && c.validUntil < today;
              return (
                <Box key={c.documentId} data-credential={c.documentId} background="neutral0" padding={4} hasRadius shadow="tableShadow" marginBottom={4}>
                  <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
                    <Facts
                      items={[
                        ['证书', c.credentialType?.name ?? '—'],
                        ['编号', c.number ?? c.numberMasked ?? '—'],
                        ['发证机关', c.issuer ?? '—'],
                        [
                          '有效期',
                          <span
                            key="v"
                            style={{ color: expired ? '#d02b20' : undefined }}
                          >{`${c.validFrom ?? '—'} 至 ${c.validUntil ?? '长期'}${expired ? '（已过期）' : ''}`}</span>,
                        ],
                        ['状态', label(CREDENTIAL_STATUS, c.status)],
                        ...(c.reviewNote ? ([['审核意见', c.reviewNote]] as Array<[string, string]>) : []),
                      ]}
                    />
                    {c.status === 'pending' ? <CredentialActions credential={c} onDone={decided} post={post} /> : null}
                  </Flex>
                  <Flex gap={3} paddingTop={3} wrap="wrap">
                    {(c.images ?? []).map((img: any, i: number) => (
                      <ScanViewer key={img.id} file={img} label={`${c.credentialType?.name ?? '证书'} 照片 ${i + 1}`} />
                    ))}
                  </Flex>
                </Box>
              );
            })}
          </Section>
          {a.status === 'pending' ? (
            <Section title="审核决定">
              <Flex gap={2}>
                <ActionDialog
                  trigger="通过申请"
                  triggerVariant="default"
                  title="通过陪护人员申请"
                  description={`通过后 ${a.realName} 成为已认证陪护人员，可以上线接单。`}
                  confirmLabel="确认通过"
                  canSubmit={note.trim().length >= 2}
                  success="申请已通过"
                  onConfirm={async () => {
                    await post(`/booking/audit/applications/${documentId}/approve`, { note: note.trim() });
                    await decided();
                  }}
                >
                  <LongText label="审核备注" name="approve-note" value={note} onChange={setNote} required />
                </ActionDialog>
                <ActionDialog
                  trigger="驳回申请"
                  danger
                  title="驳回陪护人员申请"
                  description="驳回原因会发给申请人，请写清楚需要补充或修改的内容。"
                  confirmLabel="确认驳回"
                  canSubmit={reason.trim().length >= 2}
                  success="申请已驳回"
                  onConfirm={async () => {
                    await post(`/booking/audit/applications/${documentId}/reject`, { reason: reason.trim() });
                    await decided();
                  }}
                >
                  <LongText label="驳回原因" name="reject-reason" value={reason} onChange={setReason} required />
                </ActionDialog>
              </Flex>
            </Section>
          ) : null}
          <Section title="审核记录">
            {(a.auditLog ?? []).length === 0 ? <Muted>暂无记录</Muted> : null}
            {(a.auditLog ?? []).map((e: any) => (
              <Flex key={e.id} gap={3} paddingBottom={2} data-audit={e.action}>
                <Typography textColor="neutral600" style={{ minWidth: 150 }}>
                  {beijing(e.at ?? e.createdAt)}
                </Typography>
                <Typography fontWeight="bold">{label(AUDIT_ACTION, e.action)}</Typography>
                <Typography>{e.adminName ?? '系统'}</Typography>
                {e.reason ? <Typography textColor="neutral600">「{e.reason}」</Typography> : null}
              </Flex>
            ))}
          </Section>
          <Box paddingTop={4}>
            <Typography variant="pi" textColor="neutral500">
              查看本页即记录一次敏感信息访问（{beijingDate(new Date().toISOString())}）。
            </Typography>
          </Box>
        </Box>
      )}
    </Drawer>
  );
}

function CredentialActions({
  credential,
  onDone,
  post,
}: {
  credential: any;
  onDone: () => Promise<void>;
  post: (url: string, body: unknown) => Promise<unknown>;
}) {
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const name = credential.credentialType?.name ?? '证书';
  return (
    <Flex gap={2}>
      <ActionDialog
        trigger="通过证书"
        size="S"
        title={`通过「${name}」`}
        confirmLabel="确认通过"
        success={`「${name}」已通过`}
        onConfirm={async () => {
          await post(`/booking/audit/credentials/${credential.documentId}/approve`, note.trim() ? { note: note.trim() } : {});
          await onDone();
        }}
      >
        <LongText label="审核备注（可选）" name="credential-note" value={note} onChange={setNote} />
      </ActionDialog>
      <ActionDialog
        trigger="驳回证书"
        size="S"
        danger
        title={`驳回「${name}」`}
        confirmLabel="确认驳回"
        canSubmit={reason.trim().length >= 2}
        success={`「${name}」已驳回`}
        onConfirm={async () => {
          await post(`/booking/audit/credentials/${credential.documentId}/reject`, { reason: reason.trim() });
          await onDone();
        }}
      >
        <LongText label="驳回原因" name="credential-reason" value={reason} onChange={setReason} required />
      </ActionDialog>
    </Flex>
  );
}
