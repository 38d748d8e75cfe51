import { useState } from 'react';
import { Button, Dialog, List, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { useParams } from 'react-router-dom';
import { api, type Order } from '../api';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../lib/live';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { OrderSummary, Timeline } from '../components/order-bits';
import { SELF_CARE } from '../customer/PatientForm';

const STEPS: Array<{ action: 'accept' | 'depart' | 'arrive' | 'start'; label: string; confirm: string }> = [
  { action: 'accept', label: '接单', confirm: '确定接下这个订单？' },
  { action: 'depart', label: '出发', confirm: '确认已出发前往服务地点？' },
  { action: 'arrive', label: '已到达', confirm: '确认已到达服务地点？' },
  { action: 'start', label: '开始服务', confirm: '确认开始服务？' },
];

/** The patient's details are shown only while the order is active and assigned to me (the server decides). */
function PatientCard({ patient }: { patient: Record<string, any> }) {
  const rows: Array<[string, unknown]> = [
    ['自理能力', SELF_CARE[patient.selfCareAbility as keyof typeof SELF_CARE]],
    ['病情', patient.condition],
    ['既往病史', patient.medicalHistory],
    ['用药', patient.medications],
    ['过敏史', patient.allergies],
    ['紧急联系人', patient.emergencyContactName && `${patient.emergencyContactName} ${patient.emergencyContactPhone ?? ''}`],
  ];
  return (
    <List header={`就诊人 · ${patient.name}`} className="section">
      {rows
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <List.Item key={k} description={String(v)}>
            {k}
          </List.Item>
        ))}
    </List>
  );
}

function StepButtons({ order, onChange }: { order: Order; onChange: (o: Order) => void }) {
  const [busy, setBusy] = useState(false);
  const can = (a: string) => order.allowedActions?.includes(a);
  async function run(fn: () => Promise<Order>, done: string) {
    setBusy(true);
    try {
      onChange(await fn());
      Toast.show({ icon: 'success', content: done });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }
  async function finish() {
    let summary = '';
    const ok = await Dialog.confirm({
      title: '完成服务',
      content: (
        <TextArea
          label="服务小结"
          placeholder="服务小结：做了什么、患者情况、注意事项（至少 5 个字）"
          rows={4}
          maxLength={2000}
          onChange={(v) => (summary = v)}
        />
      ),
      confirmText: '提交',
    });
    if (!ok) return;
    if (summary.trim().length < 5) return void Toast.show({ content: '服务小结至少 5 个字' });
    await run(() => api.caregiver.finish(order.documentId, summary.trim()), '已完成服务，等待用户确认');
  }
  async function release() {
    let reason = '';
    const ok = await Dialog.confirm({
      title: '退回订单',
      content: <TextArea label="退回原因" placeholder="退回原因" rows={2} onChange={(v) => (reason = v)} />,
      confirmText: '退回',
    });
    if (!ok) return;
    if (reason.trim().length < 2) return void Toast.show({ content: '请填写原因' });
    await run(() => api.caregiver.release(order.documentId, reason.trim()), '已退回订单');
  }
  const step = STEPS.find((s) => can(s.action));
  return (
    <>
      {can('release') && (
        <Button size="small" onClick={release} disabled={busy}>
          退回订单
        </Button>
      )}
      <span className="grow" />
      {step && (
        <Button
          color="primary"
          loading={busy}
          onClick={async () =>
            void ((await Dialog.confirm({ content: step.confirm })) && run(() => api.caregiver.step(order.documentId, step.action), `${step.label}成功`))
          }
        >
          {step.label}
        </Button>
      )}
      {can('finish') && (
        <Button color="primary" loading={busy} onClick={finish}>
          完成服务
        </Button>
      )}
    </>
  );
}

export default function CaregiverOrder() {
  const { id = '' } = useParams();
  const state = useLoad(() => api.caregiver.order(id), [id]);
  useLiveEvents((kind, data) => {
    if (kind === 'notification' && data?.orderNo === state.data?.orderNo) void state.reload();
  });
  return (
    <Page title="服务订单" footer={state.data && <StepButtons order={state.data} onChange={state.set} />}>
      <Loadable state={state}>
        {(order) => (
          <>
            <div className="status-head">
              <h2 data-testid="order-status" data-status={order.status}>
                {order.statusLabel}
              </h2>
              <p>{order.contactPhone ? `联系人 ${order.contactName} ${order.contactPhone}` : '接单后可查看联系方式和就诊人信息'}</p>
            </div>
            {order.contactPhone && !order.contactPhone.includes('*') && (
              <div style={{ margin: 12 }}>
                <Button block color="primary" fill="outline" onClick={() => void (window.location.href = `tel:${order.contactPhone}`)}>
                  联系用户
                </Button>
              </div>
            )}
            {order.patient && Object.keys(order.patient).length > 1 && <PatientCard patient={order.patient} />}
            <div className="section">
              <OrderSummary order={{ ...order, patient: null }} />
            </div>
            {order.serviceSummary && (
              <section className="section section-pad">
                <h2 className="section-title">服务小结</h2>
                <p style={{ margin: 0 }}>{order.serviceSummary}</p>
              </section>
            )}
            {order.timeline && (
              <section className="section section-pad">
                <h2 className="section-title">订单进度</h2>
                <Timeline entries={order.timeline} />
              </section>
            )}
          </>
        )}
      </Loadable>
    </Page>
  );
}
