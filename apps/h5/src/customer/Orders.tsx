import { useState } from 'react';
import { Tabs } from 'antd-mobile';
import { Link } from 'react-router-dom';
import { api, type OrderStatus } from '../api';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../lib/live';
import { dateTime, yuan } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { StatusTag, placeText } from '../components/order-bits';

const TABS: Array<{ key: string; title: string; status?: OrderStatus[] }> = [
  { key: 'all', title: '全部' },
  { key: 'unpaid', title: '待支付', status: ['pending_payment'] },
  { key: 'active', title: '进行中', status: ['pending_acceptance', 'accepted', 'departed', 'arrived', 'in_service', 'finished'] },
  { key: 'review', title: '待评价', status: ['completed'] },
  { key: 'done', title: '已结束', status: ['reviewed', 'cancelled'] },
];

export default function Orders() {
  const [tab, setTab] = useState('all');
  const status = TABS.find((t) => t.key === tab)?.status;
  const state = useLoad(() => api.orders.list(status), [tab]);
  useLiveEvents((kind) => {
    if (kind === 'notification' || kind === 'resync') void state.reload();
  });
  return (
    <Page title="我的订单" back={false}>
      <Tabs activeKey={tab} onChange={setTab} style={{ background: '#fff' }}>
        {TABS.map((t) => (
          <Tabs.Tab key={t.key} title={t.title} />
        ))}
      </Tabs>
      <Loadable state={state} empty={{ when: (r) => r.data.length === 0, title: '暂无订单', description: '去首页挑选服务吧' }}>
        {(result) => (
          <>
            {result.data.map((o) => (
              <Link key={o.documentId} to={`/orders/${o.documentId}`} className="service-card" style={{ display: 'block' }} data-order={o.orderNo}>
                <div className="row between">
                  <strong>{o.service.name}</strong>
                  <StatusTag status={o.status} />
                </div>
                <p style={{ marginTop: 6 }}>
                  {dateTime(o.startAt)} · {placeText(o)}
                </p>
                <div className="row between">
                  <span className="muted">{o.orderNo}</span>
                  <span className="price">{yuan(o.totalFen)}</span>
                </div>
              </Link>
            ))}
          </>
        )}
      </Loadable>
    </Page>
  );
}
