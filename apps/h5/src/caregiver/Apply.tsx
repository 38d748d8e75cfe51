import { useState } from 'react';
import { Button, Form, ImageUploader, Input, Selector, Stepper, Toast, type ImageUploadItem } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { useNavigate } from 'react-router-dom';
import { api, type ApplicationInput } from '../api';
import { useAuth } from '../lib/auth';
import { useLoad } from '../lib/use-load';
import { currentPosition, DISTRICTS } from '../lib/places';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

const LANGUAGES = ['普通话', '粤语', '上海话', '四川话', '东北话', '英语'];
const MAX_BYTES = 5 * 1024 * 1024;

/** Uploads one scan through the applicant-only photo route; the item carries the server's file id. */
async function upload(file: File): Promise<ImageUploadItem> {
  if (file.size > MAX_BYTES) throw new Error('图片不能超过 5 MB');
  const { id } = await api.caregiver.uploadPhoto(file);
  return { url: URL.createObjectURL(file), extra: { id } };
}
const idOf = (items: ImageUploadItem[]) => (items[0]?.extra as { id?: number } | undefined)?.id;

function Photo({ label, value, onChange }: { label: string; value: ImageUploadItem[]; onChange: (v: ImageUploadItem[]) => void }) {
  return (
    <div>
      <ImageUploader
        aria-label={label}
        value={value}
        onChange={onChange}
        upload={upload}
        maxCount={1}
        accept="image/jpeg,image/png,image/webp"
        onUploadQueueChange={() => undefined}
        beforeUpload={(f) => (f.size > MAX_BYTES ? (Toast.show({ content: '图片不能超过 5 MB' }), null) : f)}
      />
      <span>{label}</span>
    </div>
  );
}

/** 入驻申请: real name + ID card photos, experience, cities, home area, skills and one or more certificates. */
export default function Apply() {
  const navigate = useNavigate();
  const { refresh, application } = useAuth();
  const catalog = useLoad(() => Promise.all([api.catalog.cities(), api.catalog.services(), api.catalog.credentialTypes()]));
  const [realName, setRealName] = useState(application?.realName ?? '');
  const [idNumber, setIdNumber] = useState('');
  const [front, setFront] = useState<ImageUploadItem[]>([]);
  const [back, setBack] = useState<ImageUploadItem[]>([]);
  const [years, setYears] = useState(1);
  const [cityCode, setCityCode] = useState('110100');
  const [district, setDistrict] = useState('');
  const [point, setPoint] = useState<{ latitude: number; longitude: number } | null>(null);
  const [radius, setRadius] = useState(10);
  const [skills, setSkills] = useState<string[]>([]);
  const [languages, setLanguages] = useState<string[]>(['普通话']);
  const [bio, setBio] = useState('');
  const [credType, setCredType] = useState('');
  const [credNumber, setCredNumber] = useState('');
  const [credUntil, setCredUntil] = useState('');
  const [credPhotos, setCredPhotos] = useState<ImageUploadItem[]>([]);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const frontId = idOf(front);
    const backId = idOf(back);
    if (!/^[\u4e00-\u9fa5·]{2,20}$/.test(realName.trim())) return void Toast.show({ content: '请填写与身份证一致的中文姓名' });
    if (!/^\d{17}[\dXx]$/.test(idNumber.trim())) return void Toast.show({ content: '请填写 18 位身份证号码' });
    if (!frontId || !backId) return void Toast.show({ content: '请上传身份证正反面照片' });
    const d = (DISTRICTS[cityCode] ?? []).find((x) => x.name === district);
    const home = point ?? (d ? { latitude: d.latitude, longitude: d.longitude } : null);
    if (!home) return void Toast.show({ content: '请选择常住区域或使用当前位置' });
    if (skills.length === 0) return void Toast.show({ content: '请选择可提供的服务' });
    const credentials: ApplicationInput['credentials'] = [];
    if (credType) {
      const type = catalog.data?.[2].find((t) => t.code === credType);
      if (type?.requiresExpiry !== false && !/^\d{4}-\d{2}-\d{2}$/.test(credUntil))
        return void Toast.show({ content: `请填写「${type?.name ?? '证书'}」的有效期，如 2027-06-30` });
      const ids = credPhotos.map((p) => (p.extra as { id: number }).id).filter(Boolean);
      if (!credNumber.trim() || ids.length === 0) return void Toast.show({ content: '请填写证书编号并上传证书照片' });
      credentials.push({ typeCode: credType, number: credNumber.trim(), imageIds: ids, ...(credUntil ? { validUntil: credUntil } : {}) });
    }
    setBusy(true);
    try {
      await api.caregiver.apply({
        realName: realName.trim(),
        idNumber: idNumber.trim().toUpperCase(),
        idCardFrontId: frontId,
        idCardBackId: backId,
        yearsOfExperience: years,
        languages,
        cityCode,
        serviceCityCodes: [cityCode],
        home,
        serviceRadiusKm: radius,
        skills,
        credentials,
        ...(bio.trim() ? { bio: bio.trim() } : {}),
      });
      await refresh();
      Toast.show({ icon: 'success', content: '申请已提交' });
      navigate('/caregiver/application', { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="申请成为陪护人员"
      footer={
        <Button block color="primary" loading={busy} onClick={submit}>
          提交申请
        </Button>
      }
    >
      <p className="hint">请如实填写，平台将核验身份证信息并审核资质证书。证件照片仅审核人员可见。</p>
      <Loadable state={catalog}>
        {([cities, services, types]) => (
          <>
            <Form layout="horizontal" className="section">
              <Form.Item label="真实姓名">
                <Input aria-label="真实姓名" value={realName} onChange={setRealName} placeholder="与身份证一致" />
              </Form.Item>
              <Form.Item label="身份证号">
                <Input aria-label="身份证号码" value={idNumber} onChange={setIdNumber} maxLength={18} placeholder="18 位身份证号码" />
              </Form.Item>
            </Form>
            <section className="section">
              <div className="section-pad section-title" style={{ marginBottom: 0 }}>
                身份证照片
              </div>
              <div className="uploader-row">
                <Photo label="人像面" value={front} onChange={setFront} />
                <Photo label="国徽面" value={back} onChange={setBack} />
              </div>
            </section>
            <Form layout="vertical" className="section">
              <Form.Item label="从业年限">
                <Stepper aria-label="从业年限" min={0} max={60} value={years} onChange={setYears} digits={0} />
              </Form.Item>
              <Form.Item label="服务城市">
                <Selector
                  aria-label="服务城市"
                  options={cities.map((c) => ({ label: c.name, value: c.code }))}
                  value={[cityCode]}
                  onChange={(v) => v[0] && (setCityCode(v[0]), setDistrict(''))}
                />
              </Form.Item>
              <Form.Item label="常住区域（接单距离从这里算起）">
                <Selector
                  aria-label="常住区域"
                  columns={4}
                  options={(DISTRICTS[cityCode] ?? []).map((d) => ({ label: d.name, value: d.name }))}
                  value={district ? [district] : []}
                  onChange={(v) => setDistrict(v[0] ?? '')}
                />
                <Button size="mini" fill="none" color="primary" onClick={async () => setPoint(await currentPosition())}>
                  {point ? '已使用当前位置' : '或使用当前位置'}
                </Button>
              </Form.Item>
              <Form.Item label={`接单范围：${radius} 公里`}>
                <Stepper aria-label="接单范围（公里）" min={1} max={100} value={radius} onChange={setRadius} digits={0} />
              </Form.Item>
              <Form.Item label="可提供的服务（多选）">
                <Selector
                  aria-label="可提供的服务"
                  multiple
                  columns={2}
                  options={services.map((s) => ({ label: s.name, value: s.documentId }))}
                  value={skills}
                  onChange={setSkills}
                />
              </Form.Item>
              <Form.Item label="语言">
                <Selector
                  aria-label="语言"
                  multiple
                  columns={3}
                  options={LANGUAGES.map((l) => ({ label: l, value: l }))}
                  value={languages}
                  onChange={setLanguages}
                />
              </Form.Item>
              <Form.Item label="个人简介（可选）">
                <TextArea label="个人简介" value={bio} onChange={setBio} maxLength={1000} rows={3} />
              </Form.Item>
            </Form>
            <Form layout="vertical" className="section">
              <Form.Item label="资质证书（护士执业证、护理员证等，部分服务必须持证）">
                <Selector
                  aria-label="证书类型"
                  columns={2}
                  options={types.map((t) => ({ label: t.name, value: t.code }))}
                  value={credType ? [credType] : []}
                  onChange={(v) => setCredType(v[0] ?? '')}
                />
              </Form.Item>
              {credType && (
                <>
                  <Form.Item label="证书编号">
                    <Input aria-label="证书编号" value={credNumber} onChange={setCredNumber} />
                  </Form.Item>
                  <Form.Item label={types.find((t) => t.code === credType)?.requiresExpiry === false ? '有效期至（可选）' : '有效期至'}>
                    <Input aria-label="证书有效期" value={credUntil} onChange={setCredUntil} placeholder="如 2030-12-31" />
                  </Form.Item>
                  <Form.Item label="证书照片">
                    <ImageUploader
                      aria-label="证书照片"
                      value={credPhotos}
                      onChange={setCredPhotos}
                      upload={upload}
                      maxCount={5}
                      accept="image/jpeg,image/png,image/webp"
                    />
                  </Form.Item>
                </>
              )}
            </Form>
          </>
        )}
      </Loadable>
    </Page>
  );
}
