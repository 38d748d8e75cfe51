import { Button, Dialog, List, Rate, Tag, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { api } from '../api';
import { useAuth } from '../lib/auth';
import { useLoad } from '../lib/use-load';
import { fullDateTime } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

/** My reviews (the public list of my profile) with a one-time reply to each. */
export default function MyReviews() {
  const { application } = useAuth();
  const state = useLoad(() => api.caregivers.reviews(application!.documentId), [application?.documentId]);
  async function reply(id: string) {
    let text = '';
    const ok = await Dialog.confirm({
      title: '回复评价（提交后不可修改）',
      content: <TextArea label="回复内容" rows={3} maxLength={300} onChange={(v) => (text = v)} />,
      confirmText: '回复',
    });
    if (!ok) return;
    if (!text.trim()) return void Toast.show({ content: '请填写回复内容' });
    try {
      await api.feedback.reply(id, text.trim());
      Toast.show({ icon: 'success', content: '已回复' });
      void state.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }
  return (
    <Page title="我的评价">
      <Loadable state={state} empty={{ when: (r) => r.data.length === 0, title: '还没有评价' }}>
        {(r) => (
          <List className="section">
            {r.data.map((review) => (
              <List.Item
                key={review.documentId}
                description={
                  <>
                    <div>{review.text}</div>
                    <div className="row wrap">
                      {review.tags.map((t) => (
                        <Tag key={t} fill="outline">
                          {t}
                        </Tag>
                      ))}
                    </div>
                    {review.followUp && <div>追评：{review.followUp.text}</div>}
                    {review.reply ? (
                      <div>我的回复：{review.reply.text}</div>
                    ) : (
                      <Button size="mini" onClick={() => reply(review.documentId)}>
                        回复
                      </Button>
                    )}
                    <div className="muted">{fullDateTime(review.createdAt)}</div>
                  </>
                }
                extra={<Rate readOnly value={review.scores.overall} style={{ '--star-size': '12px' }} />}
              >
                {review.reviewer}
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
