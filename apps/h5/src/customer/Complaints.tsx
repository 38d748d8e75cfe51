import { List, Tag } from 'antd-mobile';
import { api } from '../api';
import { useLoad } from '../lib/use-load';
import { fullDateTime } from '../lib/format';
import { COMPLAINT_CATEGORY_LABELS, COMPLAINT_STATUS_LABELS } from '../lib/domain';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

export default function Complaints() {
  const state = useLoad(() => api.feedback.complaints());
  return (
    <Page title="我的投诉">
      <Loadable state={state} empty={{ when: (r) => r.data.length === 0, title: '暂无投诉' }}>
        {(r) => (
          <List className="section">
            {r.data.map((c) => (
              <List.Item
                key={c.documentId}
                description={`${c.description ?? ''}${(c.resolutionNote ?? c.lastMessage) ? `\n回复：${c.resolutionNote ?? c.lastMessage}` : ''}`}
                extra={
                  <Tag color={c.status === 'resolved' ? 'success' : 'primary'}>{(COMPLAINT_STATUS_LABELS as Record<string, string>)[c.status] ?? c.status}</Tag>
                }
              >
                {(COMPLAINT_CATEGORY_LABELS as Record<string, string>)[c.category] ?? c.category} · {fullDateTime(c.createdAt)}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
