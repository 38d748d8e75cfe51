import { Button, List, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../lib/live';
import { dateTime, yuan } from '../lib/format';
import { currentPosition } from '../lib/places';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

/** 抢单大厅: open orders I am eligible for, nearest first; one caregiver wins each grab. */
export default function Hall() {
  const navigate = useNavigate();
  const state = useLoad(async () => api.caregiver.hall((await currentPosition(3000)) ?? undefined));
  useLiveEvents((kind) => kind === 'resync' && void state.reload());
  async function grab(orderId: string) {
    try {
      const order = await api.caregiver.grab(orderId);
      Toast.show({ icon: 'success', content: '抢单成功' });
      navigate(`/caregiver/orders/${order.documentId}`);
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
      void state.reload();
    }
  }
  return (
    <Page
      title="抢单大厅"
      back={false}
      right={
        <Button size="mini" fill="none" onClick={state.reload}>
          刷新
        </Button>
      }
    >
      <Loadable state={state} empty={{ when: (list) => list.length === 0, title: '暂无可抢订单', description: '符合您城市和技能的新订单会出现在这里' }}>
        {(list) => (
          <List className="section">
            {list.map((o) => (
              <List.Item
                key={o.documentId}
                description={`${dateTime(o.startAt)} · ${o.placeType === 'hospital' ? '医院' : '上门'} · ${o.district ?? ''}${o.distanceKm != null ? ` · ${o.distanceKm} km` : ''}`}
                extra={
                  <div style={{ textAlign: 'right' }}>
                    <div className="price">{yuan(o.totalFen)}</div>
                    <Button size="mini" color="primary" onClick={() => grab(o.documentId)}>
                      抢单
                    </Button>
                  </div>
                }
              >
                {o.service?.name ?? '陪护服务'}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
