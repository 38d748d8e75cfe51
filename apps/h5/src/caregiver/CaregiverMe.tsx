import { Button, List, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../lib/auth';
import { maskPhone } from '../lib/format';
import { Page } from '../components/page';

export default function CaregiverMe() {
  const navigate = useNavigate();
  const { me, application, signOut } = useAuth();
  return (
    <Page title="我的" back={false}>
      <section className="section section-pad">
        <strong style={{ fontSize: 17 }}>{application?.realName}</strong> <Tag color="success">已认证</Tag>
        <div className="muted">
          {maskPhone(me?.phone)} · 身份证 {application?.idNumberMasked}
        </div>
      </section>
      <List header="资质证书" className="section">
        {(application?.credentials ?? []).map((c) => (
          <List.Item
            key={c.documentId}
            extra={
              <Tag color={c.status === 'approved' ? 'success' : 'warning'}>
                {c.status === 'approved' ? '已认证' : c.status === 'pending' ? '审核中' : '未通过'}
              </Tag>
            }
            description={c.numberMasked ?? undefined}
          >
            {c.type?.name ?? '证书'}
          </List.Item>
        ))}
      </List>
      <List className="section">
        <List.Item onClick={() => navigate('/caregiver/hours')}>工作时间</List.Item>
        <List.Item onClick={() => navigate('/caregiver/reviews')}>我的评价</List.Item>
        <List.Item onClick={() => navigate('/caregiver/inbox')}>消息</List.Item>
        <List.Item onClick={() => navigate('/')}>切换到用户端</List.Item>
      </List>
      <div style={{ padding: 12 }}>
        <Button
          block
          onClick={() => {
            signOut();
            navigate('/caregiver/login');
          }}
        >
          退出登录
        </Button>
      </div>
    </Page>
  );
}
