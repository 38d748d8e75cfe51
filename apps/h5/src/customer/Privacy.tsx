import { useState } from 'react';
import { Button, Dialog, Form, Input, List, Selector, Switch, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useAuth } from '../lib/auth';
import { Page } from '../components/page';

/** Profile, privacy settings, data export and account deletion (PIPL rights). */
export default function Privacy() {
  const navigate = useNavigate();
  const { me, refresh, signOut } = useAuth();
  const [displayName, setDisplayName] = useState(me?.displayName ?? '');
  const [gender, setGender] = useState(me?.gender ?? 'undisclosed');
  const [busy, setBusy] = useState(false);
  if (!me) return null;

  async function update(body: Parameters<typeof api.me.update>[0]) {
    try {
      await api.me.update(body);
      await refresh();
      Toast.show({ icon: 'success', content: '已保存' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }

  async function exportData() {
    try {
      const data = await api.me.export();
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = 'my-data.json';
      a.click();
      URL.revokeObjectURL(url);
      Toast.show({ icon: 'success', content: '已导出个人数据' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }

  async function deleteAccount() {
    const ok = await Dialog.confirm({
      title: '注销账号',
      content: '注销后个人信息将被删除且无法恢复，历史订单将匿名保留。确定继续？',
      confirmText: '发送验证码',
    });
    if (!ok) return;
    try {
      await api.me.sendCode('delete_account');
    } catch (e) {
      return void Toast.show({ icon: 'fail', content: (e as Error).message });
    }
    let code = '';
    const confirmed = await Dialog.confirm({
      title: '输入验证码',
      content: <Input aria-label="注销验证码" placeholder="6 位验证码" inputMode="numeric" maxLength={6} onChange={(v) => (code = v)} />,
      confirmText: '确认注销',
    });
    if (!confirmed) return;
    setBusy(true);
    try {
      await api.me.delete(code.trim());
      signOut();
      Toast.show({ icon: 'success', content: '账号已注销' });
      navigate('/', { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="个人资料与隐私">
      <Form
        layout="horizontal"
        className="section"
        footer={
          <Button block color="primary" onClick={() => update({ displayName: displayName.trim() || null, gender })}>
            保存资料
          </Button>
        }
      >
        <Form.Item label="姓名">
          <Input aria-label="姓名" value={displayName} onChange={setDisplayName} maxLength={30} />
        </Form.Item>
        <Form.Item label="性别">
          <Selector
            aria-label="性别"
            options={[
              { value: 'female', label: '女' },
              { value: 'male', label: '男' },
              { value: 'undisclosed', label: '不透露' },
            ]}
            value={[gender]}
            onChange={(v) => v[0] && setGender(v[0] as typeof gender)}
          />
        </Form.Item>
      </Form>
      <List header="隐私设置" className="section">
        <List.Item
          description="关闭时陪护人员只能看到打码号码，通过平台联系您"
          extra={
            <Switch
              aria-label="向陪护人员显示完整手机号"
              checked={me.privacy.phoneVisibleToCaregiver === 'full'}
              onChange={(on) => update({ privacy: { phoneVisibleToCaregiver: on ? 'full' : 'masked' } })}
            />
          }
        >
          向陪护人员显示完整手机号
        </List.Item>
        <List.Item
          description="用于改进服务的匿名使用统计"
          extra={<Switch aria-label="允许使用统计" checked={me.privacy.allowAnalytics} onChange={(on) => update({ privacy: { allowAnalytics: on } })} />}
        >
          允许使用统计
        </List.Item>
        <List.Item
          extra={<Switch aria-label="接收优惠活动消息" checked={me.privacy.marketingOptIn} onChange={(on) => update({ privacy: { marketingOptIn: on } })} />}
        >
          接收优惠活动消息
        </List.Item>
      </List>
      <List header="我的数据" className="section">
        <List.Item onClick={exportData} description="下载平台保存的关于您的全部信息（JSON）">
          导出个人数据
        </List.Item>
        <List.Item onClick={busy ? undefined : deleteAccount} description="删除个人信息，历史订单匿名保留">
          <span style={{ color: '#ff3141' }}>注销账号</span>
        </List.Item>
      </List>
      <p className="hint">
        隐私政策版本 {me.privacyPolicyVersion ?? '未同意'}（当前 {me.currentPrivacyPolicyVersion}）
      </p>
    </Page>
  );
}
