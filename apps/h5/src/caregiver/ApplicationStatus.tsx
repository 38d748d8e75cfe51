import { useEffect } from 'react';
import { Button, List, Result, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../lib/auth';
import { fullDateTime } from '../lib/format';
import { Page } from '../components/page';

const CREDENTIAL_STATUS: Record<string, [string, string]> = {
  pending: ['审核中', 'warning'],
  approved: ['已通过', 'success'],
  rejected: ['未通过', 'danger'],
  expired: ['已过期', 'default'],
};

/** Following an application: pending, rejected (with the reason, and a resubmit), or approved. */
export default function ApplicationStatus() {
  const navigate = useNavigate();
  const { application, refresh } = useAuth();
  useEffect(() => {
    const timer = setInterval(() => void refresh().catch(() => undefined), 15_000);
    return () => clearInterval(timer);
  }, [refresh]);
  if (!application) return null;
  const s = application.status;
  return (
    <Page title="入驻申请">
      <Result
        status={s === 'approved' ? 'success' : s === 'rejected' ? 'error' : 'waiting'}
        title={s === 'approved' ? '审核已通过' : s === 'rejected' ? '审核未通过' : '资料审核中'}
        description={
          s === 'rejected'
            ? `原因：${application.rejectReason ?? '—'}`
            : s === 'approved'
              ? '欢迎加入，开始接单吧'
              : `提交于 ${fullDateTime(application.appliedAt)}，审核通常在 1 个工作日内完成`
        }
      />
      <List header="申请信息" className="section">
        <List.Item extra={application.realName}>姓名</List.Item>
        <List.Item extra={application.idNumberMasked}>身份证号</List.Item>
        {application.credentials.map((c) => (
          <List.Item
            key={c.documentId}
            description={c.reviewNote ?? c.numberMasked ?? undefined}
            extra={<Tag color={CREDENTIAL_STATUS[c.status]?.[1] ?? 'default'}>{CREDENTIAL_STATUS[c.status]?.[0] ?? c.status}</Tag>}
          >
            {c.type?.name ?? '证书'}
          </List.Item>
        ))}
      </List>
      <div style={{ padding: 12 }}>
        {s === 'approved' && (
          <Button block color="primary" onClick={() => navigate('/caregiver', { replace: true })}>
            进入工作台
          </Button>
        )}
        {s === 'rejected' && (
          <Button block color="primary" onClick={() => navigate('/caregiver/apply')}>
            修改后重新提交
          </Button>
        )}
        {s === 'pending' && (
          <Button block onClick={() => refresh()}>
            刷新状态
          </Button>
        )}
      </div>
    </Page>
  );
}
