import { useEffect, useState } from 'react';
import { Button, Checkbox, Form, Input, Toast } from 'antd-mobile';
import { useLocation, useNavigate } from 'react-router-dom';
import { api, ApiError } from '../api';
import { useAuth } from '../lib/auth';
import { isMainlandMobile } from '../lib/format';
import { Page } from '../components/page';

/** SMS-code sign-in, shared by both apps (`state.from` says where to go back to). New phones get an account. */
export function Login({ caregiver = false }: { caregiver?: boolean }) {
  const navigate = useNavigate();
  const location = useLocation();
  const { signIn, me } = useAuth();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [agreed, setAgreed] = useState(false);
  const [wait, setWait] = useState(0);
  const [sending, setSending] = useState(false);
  const [busy, setBusy] = useState(false);
  const [devCode, setDevCode] = useState<string | null>(null);
  const target = (location.state as { from?: string } | null)?.from ?? (caregiver ? '/caregiver' : '/');

  useEffect(() => {
    if (wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => w - 1), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  useEffect(() => {
    if (me) navigate(target, { replace: true });
  }, [me, navigate, target]);

  async function send() {
    if (!isMainlandMobile(phone)) return void Toast.show({ content: '请输入正确的手机号' });
    setSending(true);
    try {
      const result = await api.auth.sendCode(phone.trim());
      setWait(result.resendAfterSeconds ?? 60);
      Toast.show({ icon: 'success', content: '验证码已发送' });
      // Development only: the dev SMS gateway's outbox. Production has none (404) and this stays hidden.
      setDevCode(await api.auth.devCode(phone.trim()).catch(() => null));
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setSending(false);
    }
  }

  async function login() {
    if (!isMainlandMobile(phone)) return void Toast.show({ content: '请输入正确的手机号' });
    if (!/^\d{6}$/.test(code)) return void Toast.show({ content: '请输入 6 位验证码' });
    if (!agreed) return void Toast.show({ content: '请先阅读并同意隐私政策和用户协议' });
    setBusy(true);
    try {
      const { jwt } = await api.auth.login(phone.trim(), code);
      await signIn(jwt);
      // Consent is recorded for the policy version the server currently publishes.
      const profile = await api.me.get();
      if (profile.privacyPolicyVersion !== profile.currentPrivacyPolicyVersion) {
        await api.me.consent('privacy_policy', profile.currentPrivacyPolicyVersion);
        await api.me.consent('terms_of_service', profile.currentPrivacyPolicyVersion);
      }
      Toast.show({ icon: 'success', content: '登录成功' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof ApiError ? e.message : '登录失败，请重试' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title={caregiver ? '陪护人员登录' : '登录'}>
      <div className="hero">
        <h1>{caregiver ? '安心陪护 · 服务端' : '安心陪护'}</h1>
        <p>{caregiver ? '接单、服务、培训，一站完成' : '就医陪诊 · 住院陪护 · 上门护理'}</p>
      </div>
      <Form layout="horizontal" className="section">
        <Form.Item label="手机号">
          <Input aria-label="手机号" type="tel" inputMode="numeric" maxLength={11} placeholder="请输入手机号" value={phone} onChange={setPhone} clearable />
        </Form.Item>
        <Form.Item
          label="验证码"
          extra={
            <Button size="small" color="primary" fill="none" disabled={wait > 0 || sending} loading={sending} onClick={send} aria-label="获取验证码">
              {wait > 0 ? `${wait} 秒后重发` : '获取验证码'}
            </Button>
          }
        >
          <Input aria-label="验证码" inputMode="numeric" maxLength={6} placeholder="6 位验证码" value={code} onChange={setCode} />
        </Form.Item>
      </Form>
      {devCode && (
        <div className="hint">
          <div className="dev-code" data-testid="dev-sms-code">
            开发环境验证码：<strong>{devCode}</strong>{' '}
            <Button size="mini" color="warning" fill="outline" onClick={() => setCode(devCode)}>
              填入
            </Button>
          </div>
        </div>
      )}
      <div className="hint">
        <Checkbox checked={agreed} onChange={setAgreed} aria-label="同意隐私政策和用户协议" style={{ '--icon-size': '16px', '--font-size': '12px' }}>
          我已阅读并同意《隐私政策》和《用户协议》，同意平台为提供陪护服务处理我的手机号等个人信息
        </Checkbox>
      </div>
      <div style={{ padding: '8px 12px' }}>
        <Button block color="primary" size="large" loading={busy} onClick={login}>
          登录 / 注册
        </Button>
      </div>
      <p className="hint">未注册的手机号验证后将自动创建账号。</p>
    </Page>
  );
}
