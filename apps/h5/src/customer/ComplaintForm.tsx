import { useState } from 'react';
import { Button, Form, Selector, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { useNavigate, useParams } from 'react-router-dom';
import { api } from '../api';
import { COMPLAINT_CATEGORY_LABELS } from '../lib/domain';
import { Page } from '../components/page';

export default function ComplaintForm() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [category, setCategory] = useState('other');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (description.trim().length < 5) return void Toast.show({ content: '请至少用 5 个字描述问题' });
    setBusy(true);
    try {
      await api.orders.complain(id, { category, description: description.trim() });
      Toast.show({ icon: 'success', content: '投诉已提交，客服将在 24 小时内处理' });
      navigate('/complaints', { replace: true });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page
      title="投诉"
      footer={
        <Button block color="primary" loading={busy} onClick={submit}>
          提交投诉
        </Button>
      }
    >
      <Form layout="vertical" className="section">
        <Form.Item label="投诉类型">
          <Selector
            aria-label="投诉类型"
            options={Object.entries(COMPLAINT_CATEGORY_LABELS).map(([value, label]) => ({ value, label }))}
            value={[category]}
            onChange={(v) => v[0] && setCategory(v[0])}
          />
        </Form.Item>
        <Form.Item label="问题描述">
          <TextArea
            label="问题描述"
            value={description}
            onChange={setDescription}
            maxLength={1000}
            showCount
            rows={5}
            placeholder="请描述发生了什么，便于我们核实处理"
          />
        </Form.Item>
      </Form>
    </Page>
  );
}
