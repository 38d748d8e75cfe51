import { Avatar, Button, Dialog, List } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { mediaUrl } from '../api';
import { useAuth } from '../lib/auth';
import { maskPhone } from '../lib/format';
import { Page } from '../components/page';

export default function Profile() {
  const navigate = useNavigate();
  const { me, application, signOut } = useAuth();
  if (!me) return null;
  return (
    <Page title="我的" back={false}>
      <section className="section section-pad row">
        <Avatar src={mediaUrl(me.avatar?.url) ?? ''} style={{ '--size': '56px' }} aria-hidden />
        <div>
          <strong style={{ fontSize: 17 }}>{me.displayName || '未设置姓名'}</strong>
          <div className="muted">{maskPhone(me.phone)}</div>
        </div>
      </section>
      <List className="section">
        <List.Item onClick={() => navigate('/patients')}>就诊人管理</List.Item>
        <List.Item onClick={() => navigate('/orders')}>我的订单</List.Item>
        <List.Item onClick={() => navigate('/complaints')}>我的投诉</List.Item>
        <List.Item onClick={() => navigate('/suggestions')}>意见建议</List.Item>
        <List.Item onClick={() => navigate('/me/privacy')}>个人资料与隐私</List.Item>
      </List>
      <List className="section">
        <List.Item onClick={() => navigate('/caregiver')} description={application ? '进入陪护人员工作台' : '申请成为平台陪护人员'}>
          {application?.status === 'approved' ? '陪护人员工作台' : '成为陪护人员'}
        </List.Item>
      </List>
      <div style={{ padding: 12 }}>
        <Button block onClick={async () => void ((await Dialog.confirm({ content: '确定退出登录？' })) && (signOut(), navigate('/')))}>
          退出登录
        </Button>
      </div>
    </Page>
  );
}
