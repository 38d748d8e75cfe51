import { useEffect, useState } from 'react';
import { Button, Checkbox, Form, Input, NoticeBar, Selector, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import { api, type Patient, type Relationship, type SelfCare } from '../api';
import { useAuth } from '../lib/auth';
import { Page } from '../components/page';
import { Loading } from '../components/states';

export const RELATIONSHIPS: Record<Relationship, string> = {
  self: '本人',
  parent: '父母',
  spouse: '配偶',
  child: '子女',
  sibling: '兄弟姐妹',
  grandparent: '祖父母',
  relative: '亲属',
  friend: '朋友',
  other: '其他',
};

export const SELF_CARE: Record<SelfCare, string> = { independent: '能自理', partially_dependent: '部分自理', dependent: '不能自理' };

const HEALTH_FIELDS = ['condition', 'medicalHistory', 'medications', 'allergies'] as const;
type Values = Partial<Record<keyof Patient, string>> & { relationship: Relationship; selfCareAbility: SelfCare; gender: 'male' | 'female' | '' };

export default function PatientForm() {
  const { id } = useParams();
  const navigate = useNavigate();
  const back = (useLocation().state as { back?: string } | null)?.back;
  const { me } = useAuth();
  const [values, setValues] = useState<Values>({ relationship: 'parent', selfCareAbility: 'independent', gender: '' });
  const [loading, setLoading] = useState(Boolean(id));
  const [consent, setConsent] = useState(Boolean(id));
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));

  useEffect(() => {
    if (!id) return;
    api.patients
      .get(id)
      .then((p) => setValues({ ...(p as unknown as Values), gender: p.gender ?? '' }))
      .catch((e) => Toast.show({ icon: 'fail', content: (e as Error).message }))
      .finally(() => setLoading(false));
  }, [id]);

  async function save() {
    if (!values.name?.trim()) return void Toast.show({ content: '请填写就诊人姓名' });
    const hasHealth = HEALTH_FIELDS.some((f) => values[f]?.trim());
    if (hasHealth && !consent) return void Toast.show({ content: '填写健康信息前，请勾选同意处理敏感个人信息' });
    const text = (v?: string | null) => (v && v.trim() ? v.trim() : null);
    const body: Partial<Patient> = {
      name: values.name.trim(),
      relationship: values.relationship,
      selfCareAbility: values.selfCareAbility,
      gender: values.gender || null,
      birthDate: text(values.birthDate),
      condition: text(values.condition),
      medicalHistory: text(values.medicalHistory),
      medications: text(values.medications),
      allergies: text(values.allergies),
      emergencyContactName: text(values.emergencyContactName),
      emergencyContactPhone: text(values.emergencyContactPhone),
    };
    // The full ID number is only sent when typed (the form shows it decrypted for the owner).
    if (values.idNumber !== undefined) body.idNumber = text(values.idNumber);
    setBusy(true);
    try {
      if (hasHealth && me) await api.me.consent('sensitive_data', me.currentPrivacyPolicyVersion);
      if (id) await api.patients.update(id, body);
      else await api.patients.create(body);
      Toast.show({ icon: 'success', content: '已保存' });
      if (back) navigate(back, { replace: true });
      else navigate(-1);
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  if (loading) return <Loading />;
  return (
    <Page
      title={id ? '编辑就诊人' : '添加就诊人'}
      footer={
        <Button block color="primary" loading={busy} onClick={save}>
          保存
        </Button>
      }
    >
      <NoticeBar content="身份证号、病情和用药等信息加密存储，仅在服务进行中向接单陪护人员展示必要内容。" color="info" wrap />
      <Form layout="horizontal" className="section">
        <Form.Item label="姓名" required>
          <Input aria-label="就诊人姓名" value={values.name ?? ''} onChange={set('name')} placeholder="真实姓名" maxLength={30} />
        </Form.Item>
        <Form.Item label="与我的关系" layout="vertical">
          <Selector
            aria-label="与我的关系"
            columns={3}
            options={Object.entries(RELATIONSHIPS).map(([value, label]) => ({ value, label }))}
            value={[values.relationship]}
            onChange={(v) => v[0] && set('relationship')(v[0])}
          />
        </Form.Item>
        <Form.Item label="性别">
          <Selector
            aria-label="性别"
            options={[
              { value: 'female', label: '女' },
              { value: 'male', label: '男' },
            ]}
            value={values.gender ? [values.gender] : []}
            onChange={(v) => set('gender')(v[0] ?? '')}
          />
        </Form.Item>
        <Form.Item label="出生日期">
          <Input aria-label="出生日期" value={values.birthDate ?? ''} onChange={set('birthDate')} placeholder="如 1950-05-01" />
        </Form.Item>
        <Form.Item label="身份证号">
          <Input aria-label="身份证号" value={values.idNumber ?? ''} onChange={set('idNumber')} placeholder="选填，住院陪护需要" maxLength={18} />
        </Form.Item>
        <Form.Item label="自理能力" layout="vertical">
          <Selector
            aria-label="自理能力"
            options={Object.entries(SELF_CARE).map(([value, label]) => ({ value, label }))}
            value={[values.selfCareAbility]}
            onChange={(v) => v[0] && set('selfCareAbility')(v[0])}
          />
        </Form.Item>
      </Form>
      <Form layout="vertical" className="section">
        <Form.Item label="病情描述">
          <TextArea label="病情描述" value={values.condition ?? ''} onChange={set('condition')} rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item label="既往病史">
          <TextArea label="既往病史" value={values.medicalHistory ?? ''} onChange={set('medicalHistory')} rows={2} maxLength={4000} />
        </Form.Item>
        <Form.Item label="用药情况">
          <TextArea label="用药情况" value={values.medications ?? ''} onChange={set('medications')} rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item label="过敏史">
          <TextArea label="过敏史" value={values.allergies ?? ''} onChange={set('allergies')} rows={1} maxLength={1000} />
        </Form.Item>
      </Form>
      <Form layout="horizontal" className="section">
        <Form.Item label="紧急联系人">
          <Input aria-label="紧急联系人" value={values.emergencyContactName ?? ''} onChange={set('emergencyContactName')} />
        </Form.Item>
        <Form.Item label="联系电话">
          <Input aria-label="紧急联系人电话" type="tel" value={values.emergencyContactPhone ?? ''} onChange={set('emergencyContactPhone')} />
        </Form.Item>
      </Form>
      <div className="hint">
        <Checkbox checked={consent} onChange={setConsent} aria-label="同意处理敏感个人信息" style={{ '--icon-size': '16px', '--font-size': '12px' }}>
          我同意平台为安排陪护服务处理上述就诊人的健康信息（敏感个人信息），并已取得就诊人本人同意
        </Checkbox>
      </div>
    </Page>
  );
}
