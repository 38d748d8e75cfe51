import { Badge, Button, List } from 'antd-mobile';
import { api } from '../api';
import { useLoad } from '../lib/use-load';
import { useLiveEvents } from '../lib/live';
import { fullDateTime } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

/** 站内消息, live: a new message arrives through the event stream and the list refetches. */
export default function Inbox({ back = false }: { back?: boolean }) {
  const state = useLoad(() => api.inbox.list());
  useLiveEvents((kind) => {
    if (kind === 'notification') void state.reload();
  });
  async function readAll() {
    await api.inbox.readAll().catch(() => undefined);
    void state.reload();
  }
  return (
    <Page
      title="消息"
      back={back}
      right={
        <Button size="mini" fill="none" onClick={readAll}>
          全部已读
        </Button>
      }
    >
      <Loadable state={state} empty={{ when: (r) => r.data.length === 0, title: '暂无消息' }}>
        {(r) => (
          <List className="section">
            {r.data.map((n) => (
              <List.Item
                key={n.id}
                prefix={n.readAt ? null : <Badge content={Badge.dot} aria-label="未读" />}
                description={
                  <>
                    <div>{n.body}</div>
                    <div className="muted">{fullDateTime(n.createdAt)}</div>
                  </>
                }
                onClick={async () => {
                  if (!n.readAt) await api.inbox.read([n.id]).catch(() => undefined);
                  void state.reload();
                }}
              >
                {n.title}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
