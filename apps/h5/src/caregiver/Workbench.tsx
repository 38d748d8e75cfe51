import { useEffect, useState } from 'react';
import { Button, Dialog, Grid, List, Selector, Switch, Toast } from 'antd-mobile';
import { Link, useNavigate } from 'react-router-dom';
import { api, type Offer } from '../api';
import { useLoad } from '../lib/use-load';
import { useLive, useLiveEvents } from '../lib/live';
import { dateTime, yuan } from '../lib/format';
import { currentPosition, DISTRICTS } from '../lib/places';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { StatusTag, placeText } from '../components/order-bits';

const ONLINE_KEY = 'h5.caregiver.online';
/** Below CAREGIVER_OFFLINE_AFTER_MINUTES (15): each status call is also the heartbeat that keeps us online. */
const HEARTBEAT_MS = 4 * 60_000;

/** Where am I: the browser's position, else a district the caregiver picks (dispatch needs a point). */
async function whereAmI(): Promise<{ latitude: number; longitude: number } | null> {
  const here = await currentPosition();
  if (here) return here;
  let picked = '';
  const ok = await Dialog.confirm({
    title: '无法获取定位，请选择当前所在区域',
    content: (
      <Selector
        columns={3}
        options={DISTRICTS['110100'].concat(DISTRICTS['310100']).map((d) => ({ label: d.name, value: d.name }))}
        onChange={(v) => (picked = v[0] ?? '')}
      />
    ),
  });
  const d = ok ? [...DISTRICTS['110100'], ...DISTRICTS['310100']].find((x) => x.name === picked) : undefined;
  return d ? { latitude: d.latitude, longitude: d.longitude } : null;
}

function Countdown({ until }: { until: string }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Math.floor((new Date(until).getTime() - now) / 1000));
  return (
    <span className="countdown" role="timer" aria-label={`剩余 ${left} 秒`}>
      {String(Math.floor(left / 60)).padStart(2, '0')}:{String(left % 60).padStart(2, '0')}
    </span>
  );
}

function OfferCard({ offer, onDone }: { offer: Offer; onDone: () => void }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const o = offer.order;
  async function accept() {
    setBusy(true);
    try {
      const order = await api.caregiver.acceptOffer(offer.documentId);
      Toast.show({ icon: 'success', content: '接单成功' });
      navigate(`/caregiver/orders/${order.documentId}`);
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
      onDone();
    } finally {
      setBusy(false);
    }
  }
  async function decline() {
    if (!(await Dialog.confirm({ content: '确定拒绝这个派单？' }))) return;
    try {
      await api.caregiver.declineOffer(offer.documentId, '时间不合适');
      Toast.show({ content: '已拒绝' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
    onDone();
  }
  return (
    <section className="section section-pad offer" data-offer={offer.documentId}>
      <div className="row between">
        <strong>{o?.service.name ?? '陪护服务'}</strong>
        <Countdown until={offer.expiresAt} />
      </div>
      <p className="muted" style={{ margin: '6px 0' }}>
        {o ? `${dateTime(o.startAt)} · ${o.placeType === 'hospital' ? '医院' : '上门'} · ${o.district ?? ''}` : ''}
      </p>
      <div className="row between">
        <span className="price">{o ? yuan(o.totalFen) : ''}</span>
        <div className="row">
          <Button size="small" onClick={decline}>
            拒绝
          </Button>
          <Button size="small" color="primary" loading={busy} onClick={accept}>
            接单
          </Button>
        </div>
      </div>
    </section>
  );
}

export function Workbench() {
  const navigate = useNavigate();
  const { connected } = useLive();
  const [online, setOnline] = useState(() => localStorage.getItem(ONLINE_KEY) === 'true');
  const [switching, setSwitching] = useState(false);
  const offers = useLoad(() => api.caregiver.offers());
  const orders = useLoad(() => api.caregiver.orders(['accepted', 'departed', 'arrived', 'in_service', 'finished']));

  // A new offer (or any order change) arrives as a notification on the live stream.
  useLiveEvents((kind) => {
    if (kind === 'notification' || kind === 'ready' || kind === 'resync') {
      void offers.reload();
      void orders.reload();
    }
  });

  useEffect(() => {
    if (!online) return;
    const beat = setInterval(async () => {
      const here = await currentPosition();
      api.caregiver.setStatus(true, here ?? undefined).catch(() => undefined);
    }, HEARTBEAT_MS);
    return () => clearInterval(beat);
  }, [online]);

  async function toggle(next: boolean) {
    setSwitching(true);
    try {
      if (next) {
        const here = await whereAmI();
        if (!here) return void Toast.show({ content: '上线需要当前位置' });
        await api.caregiver.setStatus(true, here);
      } else await api.caregiver.setStatus(false);
      setOnline(next);
      localStorage.setItem(ONLINE_KEY, String(next));
      Toast.show({ icon: 'success', content: next ? '已上线，可接收派单' : '已下线' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setSwitching(false);
    }
  }

  return (
    <Page
      title="工作台"
      back={false}
      right={
        <span className="muted">
          <span className={`live-dot${connected ? ' on' : ''}`} />
          实时
        </span>
      }
    >
      <section className="section section-pad row between">
        <div>
          <strong>{online ? '接单中' : '已下线'}</strong>
          <div className="muted">{online ? '保持页面打开以接收实时派单' : '上线后平台会向您派单'}</div>
        </div>
        <Switch aria-label="在线接单" checked={online} loading={switching} onChange={toggle} />
      </section>
      <Grid columns={3} gap={8} style={{ margin: '0 12px' }}>
        <Grid.Item>
          <Button block size="small" onClick={() => navigate('/caregiver/hours')}>
            工作时间
          </Button>
        </Grid.Item>
        <Grid.Item>
          <Button block size="small" onClick={() => navigate('/caregiver/reviews')}>
            我的评价
          </Button>
        </Grid.Item>
        <Grid.Item>
          <Button block size="small" onClick={() => navigate('/caregiver/inbox')}>
            消息
          </Button>
        </Grid.Item>
      </Grid>
      <h2 className="hint" style={{ fontSize: 14, fontWeight: 600, color: '#333' }}>
        新派单
      </h2>
      <Loadable state={offers} empty={{ when: (list) => list.length === 0, title: '暂无派单', description: '有新的派单时会立即显示在这里' }}>
        {(list) => list.map((offer) => <OfferCard key={offer.documentId} offer={offer} onDone={offers.reload} />)}
      </Loadable>
      <Loadable state={orders}>
        {(r) =>
          r.data.length > 0 && (
            <List header="进行中的订单" className="section">
              {r.data.map((o) => (
                <List.Item
                  key={o.documentId}
                  onClick={() => navigate(`/caregiver/orders/${o.documentId}`)}
                  description={`${dateTime(o.startAt)} · ${placeText(o)}`}
                  extra={<StatusTag status={o.status} />}
                >
                  {o.service.name}
                </List.Item>
              ))}
            </List>
          )
        }
      </Loadable>
      <p className="hint">
        没有派单时可以去 <Link to="/caregiver/hall">抢单大厅</Link> 看看。
      </p>
    </Page>
  );
}
