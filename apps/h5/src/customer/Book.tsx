import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, DatePicker, Form, Input, List, Picker, Radio, Selector, Stepper, Tag, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, type CaregiverCard, type Hospital, type OrderInput, type Patient, type Service } from '../api';
import { useAuth } from '../lib/auth';
import { useLoad } from '../lib/use-load';
import { beijingNowAsLocal, dateTime, isMainlandMobile, minutesOf, wallClockToIso } from '../lib/format';
import { quotePrice, UNIT_LABELS, type PriceQuote } from '../lib/domain';
import { CITY_NAMES, currentPosition, DISTRICTS } from '../lib/places';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { PriceLines } from '../components/order-bits';

const STEP_MINUTES = 30;

/** The first bookable start: lead time respected, on a half hour, inside the service's daily window. */
export function firstSlot(service: Service): Date {
  const from = minutesOf(service.dailyStartTime, 8 * 60);
  const to = minutesOf(service.dailyEndTime, 20 * 60);
  const t = beijingNowAsLocal((service.minLeadMinutes ?? 120) + 1);
  t.setSeconds(0, 0);
  t.setMinutes(Math.ceil(t.getMinutes() / STEP_MINUTES) * STEP_MINUTES);
  const minute = t.getHours() * 60 + t.getMinutes();
  if (minute < from) t.setHours(Math.floor(from / 60), from % 60);
  else if (minute > to) {
    t.setDate(t.getDate() + 1);
    t.setHours(Math.floor(from / 60), from % 60);
  }
  return t;
}

function BookingForm({ service, patients }: { service: Service; patients: Patient[] }) {
  const navigate = useNavigate();
  const { me } = useAuth();
  const cityCodes = (service.cities ?? []).map((c) => c.code);
  const [cityCode, setCityCode] = useState(cityCodes.includes('110100') ? '110100' : (cityCodes[0] ?? '110100'));
  const [patientId, setPatientId] = useState(patients[0]?.documentId ?? '');
  const [start, setStart] = useState<Date>(() => firstSlot(service));
  const [pickerOpen, setPickerOpen] = useState(false);
  const pricing = service.pricing!;
  const [units, setUnits] = useState(pricing.minUnits);
  // Home-visit services (上门) start on the home address; the catalog has no explicit place type yet.
  const [placeType, setPlaceType] = useState<'hospital' | 'home'>(() =>
    /home|上门|居家/.test(`${service.slug} ${service.category?.slug ?? ''} ${service.name} ${service.category?.name ?? ''}`) ? 'home' : 'hospital',
  );
  const [hospitalId, setHospitalId] = useState('');
  const [department, setDepartment] = useState('');
  const [district, setDistrict] = useState('');
  const [address, setAddress] = useState('');
  const [point, setPoint] = useState<{ latitude: number; longitude: number } | null>(null);
  const [caregiverId, setCaregiverId] = useState<string | null>(null);
  const [free, setFree] = useState<boolean | null>(null);
  const [gender, setGender] = useState<'any' | 'female' | 'male'>('any');
  const [contactName, setContactName] = useState(me?.displayName ?? '');
  const [contactPhone, setContactPhone] = useState(me?.contactPhone ?? me?.phone ?? '');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const idempotencyKey = useRef(`h5-${crypto.randomUUID()}`);

  useEffect(() => {
    if (!patientId && patients[0]) setPatientId(patients[0].documentId);
  }, [patients, patientId]);

  const hospitals = useLoad(() => api.catalog.hospitals(cityCode), [cityCode]);
  const caregivers = useLoad(
    () =>
      api.caregivers
        .list({ serviceId: service.documentId, cityCode })
        .then((r) => r.data)
        .catch(() => [] as CaregiverCard[]),
    [service.documentId, cityCode],
  );
  const hospital: Hospital | undefined = hospitals.data?.find((h) => h.documentId === hospitalId);
  const patient = patients.find((p) => p.documentId === patientId);

  const quote: PriceQuote | null = useMemo(() => {
    try {
      // Holidays are the server's calendar; the preview leaves them out and says so.
      return quotePrice(
        pricing,
        { start: new Date(wallClockToIso(start)), units, patientDependent: patient?.selfCareAbility === 'dependent' },
        { holidays: [], makeupWorkdays: [] },
      );
    } catch {
      return null;
    }
  }, [pricing, start, units, patient?.selfCareAbility]);

  // A named caregiver: is that person free for the whole booking?
  useEffect(() => {
    setFree(null);
    if (!caregiverId || !quote) return;
    let live = true;
    api.caregivers
      .availability(caregiverId, quote.start.toISOString(), quote.end.toISOString())
      .then((r) => live && setFree(r.free))
      .catch(() => live && setFree(null));
    return () => {
      live = false;
    };
  }, [caregiverId, quote]);

  const from = minutesOf(service.dailyStartTime, 8 * 60);
  const to = minutesOf(service.dailyEndTime, 20 * 60);
  const minDate = firstSlot(service);
  const maxDate = new Date(minDate.getTime() + 60 * 86_400_000);

  async function useMyPosition() {
    const p = await currentPosition();
    if (!p) return void Toast.show({ content: '无法获取当前位置，请选择所在区县' });
    setPoint(p);
    Toast.show({ icon: 'success', content: '已使用当前位置' });
  }

  async function submit() {
    if (!patientId) return void Toast.show({ content: '请选择就诊人' });
    if (!contactName.trim()) return void Toast.show({ content: '请填写联系人' });
    if (!isMainlandMobile(contactPhone)) return void Toast.show({ content: '请填写正确的联系电话' });
    let place: OrderInput['place'];
    if (placeType === 'hospital') {
      if (!hospitalId) return void Toast.show({ content: '请选择医院' });
      place = { type: 'hospital', hospitalId, department: department || null };
    } else {
      const d = (DISTRICTS[cityCode] ?? []).find((x) => x.name === district);
      const at = point ?? (d ? { latitude: d.latitude, longitude: d.longitude } : null);
      if (!at) return void Toast.show({ content: '请选择所在区县或使用当前位置' });
      if (address.trim().length < 5) return void Toast.show({ content: '请填写详细服务地址' });
      place = { type: 'home', address: { text: `${CITY_NAMES[cityCode] ?? ''}${district}${address.trim()}`, ...at, district: district || null } };
    }
    setBusy(true);
    try {
      const order = await api.orders.submit(
        {
          serviceId: service.documentId,
          patientId,
          caregiverId,
          genderPreference: gender === 'any' ? null : gender,
          cityCode,
          startAt: wallClockToIso(start),
          units,
          place,
          contactName: contactName.trim(),
          contactPhone: contactPhone.trim(),
          notes: notes.trim() || null,
        },
        idempotencyKey.current,
      );
      navigate(`/orders/${order.documentId}/pay`, { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  const unit = UNIT_LABELS[pricing.unit];
  return (
    <Page
      title={`预约 · ${service.name}`}
      footer={
        <>
          <span className="grow">
            预估{' '}
            <strong className="price" data-testid="preview-total">
              {quote ? `¥${(quote.totalFen / 100).toFixed(2)}` : '—'}
            </strong>
          </span>
          <Button color="primary" loading={busy} onClick={submit}>
            提交订单
          </Button>
        </>
      }
    >
      <Form layout="vertical" className="section">
        {cityCodes.length > 1 && (
          <Form.Item label="服务城市">
            <Selector
              aria-label="服务城市"
              options={(service.cities ?? []).map((c) => ({ label: c.name, value: c.code }))}
              value={[cityCode]}
              onChange={(v) => v[0] && setCityCode(v[0])}
            />
          </Form.Item>
        )}
        <Form.Item
          label="就诊人"
          extra={
            <Link to={`/patients/new`} state={{ back: `/book/${service.documentId}` }}>
              添加就诊人
            </Link>
          }
        >
          {patients.length === 0 ? (
            <span className="muted">还没有就诊人，请先添加</span>
          ) : (
            <Selector
              aria-label="就诊人"
              options={patients.map((p) => ({ label: p.name, value: p.documentId }))}
              value={patientId ? [patientId] : []}
              onChange={(v) => v[0] && setPatientId(v[0])}
            />
          )}
        </Form.Item>
        <Form.Item
          label={`开始时间（每日 ${service.dailyStartTime?.slice(0, 5) ?? '08:00'}–${service.dailyEndTime?.slice(0, 5) ?? '20:00'} 可约）`}
          onClick={() => setPickerOpen(true)}
          arrowIcon
        >
          <span data-testid="start-time">{dateTime(wallClockToIso(start))}</span>
        </Form.Item>
        <DatePicker
          visible={pickerOpen}
          onClose={() => setPickerOpen(false)}
          precision="minute"
          min={minDate}
          max={maxDate}
          value={start}
          title="选择开始时间（北京时间）"
          filter={{
            hour: (h) => h * 60 + 59 >= from && h * 60 <= to,
            minute: (m, { date }) => m % STEP_MINUTES === 0 && date.getHours() * 60 + m >= from && date.getHours() * 60 + m <= to,
          }}
          onConfirm={(d) => setStart(d)}
        />
        <Form.Item label={`预约数量（${unit}）`}>
          <Stepper aria-label="预约数量" min={pricing.minUnits} max={pricing.maxUnits ?? 1000} value={units} onChange={(v) => setUnits(v)} digits={0} />
        </Form.Item>
        <Form.Item label="服务地点">
          <Radio.Group value={placeType} onChange={(v) => setPlaceType(v as 'hospital' | 'home')}>
            <div className="row">
              <Radio value="hospital">医院</Radio>
              <Radio value="home">上门（家中）</Radio>
            </div>
          </Radio.Group>
        </Form.Item>
        {placeType === 'hospital' ? (
          <>
            <Form.Item label="医院">
              <Selector
                aria-label="医院"
                columns={1}
                options={(hospitals.data ?? []).map((h) => ({ label: h.name, value: h.documentId, description: h.district ?? undefined }))}
                value={hospitalId ? [hospitalId] : []}
                onChange={(v) => {
                  setHospitalId(v[0] ?? '');
                  setDepartment('');
                }}
              />
            </Form.Item>
            {hospital?.departments && hospital.departments.length > 0 && (
              <Form.Item label="科室（可选）">
                <Picker
                  columns={[hospital.departments.map((d) => ({ label: d.name, value: d.name }))]}
                  value={[department]}
                  onConfirm={(v) => setDepartment(String(v[0] ?? ''))}
                >
                  {(_, actions) => (
                    <Button size="small" onClick={actions.open} aria-label="选择科室">
                      {department || '选择科室'}
                    </Button>
                  )}
                </Picker>
              </Form.Item>
            )}
          </>
        ) : (
          <>
            <Form.Item label="所在区县">
              <Selector
                aria-label="所在区县"
                columns={4}
                options={(DISTRICTS[cityCode] ?? []).map((d) => ({ label: d.name, value: d.name }))}
                value={district ? [district] : []}
                onChange={(v) => setDistrict(v[0] ?? '')}
              />
              <Button size="mini" fill="none" color="primary" onClick={useMyPosition}>
                {point ? '已使用当前位置' : '或使用当前位置'}
              </Button>
            </Form.Item>
            <Form.Item label="详细地址">
              <Input aria-label="详细地址" placeholder="街道、小区、楼栋、门牌号" value={address} onChange={setAddress} />
            </Form.Item>
          </>
        )}
        <Form.Item label="陪护人员性别">
          <Selector
            aria-label="陪护人员性别"
            options={[
              { label: '不限', value: 'any' },
              { label: '女', value: 'female' },
              { label: '男', value: 'male' },
            ]}
            value={[gender]}
            onChange={(v) => v[0] && setGender(v[0] as typeof gender)}
          />
        </Form.Item>
      </Form>

      <List header="指定陪护人员（可选，不指定则由平台派单）" className="section">
        <List.Item onClick={() => setCaregiverId(null)} extra={caregiverId === null ? <Tag color="primary">已选</Tag> : null}>
          平台派单
        </List.Item>
        {(caregivers.data ?? []).map((c) => (
          <List.Item
            key={c.documentId}
            onClick={() => setCaregiverId(c.documentId)}
            description={[
              `${c.yearsOfExperience} 年经验`,
              c.reviewCount > 0 ? `评分 ${c.rating.toFixed(1)}（${c.reviewCount} 条评价）` : '暂无评价',
              c.badges.length > 2 ? `${c.badges.slice(0, 2).join('、')} 等 ${c.badges.length} 项资质` : c.badges.join('、') || '已认证',
            ].join(' · ')}
            extra={
              caregiverId === c.documentId ? (
                <Tag color={free === false ? 'danger' : free ? 'success' : 'primary'}>{free === null ? '已选' : free ? '该时段可约' : '该时段已约满'}</Tag>
              ) : null
            }
          >
            {c.name}
          </List.Item>
        ))}
      </List>

      <Form layout="vertical" className="section">
        <Form.Item label="联系人">
          <Input aria-label="联系人" value={contactName} onChange={setContactName} placeholder="联系人姓名" />
        </Form.Item>
        <Form.Item label="联系电话">
          <Input aria-label="联系电话" type="tel" value={contactPhone} onChange={setContactPhone} placeholder="手机号" />
        </Form.Item>
        <Form.Item label="备注（可选）">
          <TextArea label="备注" value={notes} onChange={setNotes} maxLength={500} showCount placeholder="如：老人听力不好、需要轮椅" />
        </Form.Item>
      </Form>
      {quote && (
        <div className="section">
          <PriceLines lines={quote.lines} totalFen={quote.totalFen} note="预估价格，节假日加价等以提交后的订单为准" />
        </div>
      )}
    </Page>
  );
}

export default function Book() {
  const { serviceId = '' } = useParams();
  const state = useLoad(() => Promise.all([api.catalog.service(serviceId), api.patients.list()]), [serviceId]);
  if (state.data?.[0].pricing) return <BookingForm service={state.data[0]} patients={state.data[1]} />;
  return (
    <Page title="预约">
      <Loadable state={state}>{() => <p className="state">该服务暂不可预约</p>}</Loadable>
    </Page>
  );
}
