import { useState } from 'react';
import { Button, Form, Rate, Selector, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api';
import { REVIEW_TAGS } from '../lib/domain';
import { Page } from '../components/page';

const SCORES = [
  ['overall', '总体评价'],
  ['attitude', '服务态度'],
  ['skill', '专业技能'],
  ['punctuality', '准时到达'],
] as const;

export default function ReviewForm() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [scores, setScores] = useState({ overall: 5, attitude: 5, skill: 5, punctuality: 5 });
  const [tags, setTags] = useState<string[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit() {
    setBusy(true);
    try {
      await api.orders.review(id, { ...scores, tags, ...(text.trim() ? { text: text.trim() } : {}) });
      Toast.show({ icon: 'success', content: '感谢您的评价' });
      navigate(`/orders/${id}`, { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="评价服务"
      footer={
        <Button block color="primary" loading={busy} onClick={submit}>
          提交评价
        </Button>
      }
    >
      <Form layout="horizontal" className="section">
        {SCORES.map(([key, label]) => (
          <Form.Item key={key} label={label}>
            <Rate aria-label={label} value={scores[key]} onChange={(v) => setScores((s) => ({ ...s, [key]: Math.max(1, v) }))} />
          </Form.Item>
        ))}
      </Form>
      <Form layout="vertical" className="section">
        <Form.Item label="印象标签（最多 6 个）">
          <Selector
            aria-label="印象标签"
            multiple
            columns={3}
            options={REVIEW_TAGS.map((t) => ({ label: t, value: t }))}
            value={tags}
            onChange={(v) => setTags(v.slice(0, 6))}
          />
        </Form.Item>
        <Form.Item label="说说您的感受（可选）">
          <TextArea label="评价内容" value={text} onChange={setText} maxLength={500} showCount rows={4} placeholder="服务过程、陪护人员表现等" />
        </Form.Item>
      </Form>
    </Page>
  );
}
