import { useState } from 'react';
import { Button, Form, Input, List, Toast } from 'antd-mobile';
import { TextArea } from '../components/text-area';
import { api } from '../api';
import { useLoad } from '../lib/use-load';
import { fullDateTime } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

export default function Suggestions() {
  const state = useLoad(() => api.feedback.suggestions());
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit() {
    if (text.trim().length < 5) return void Toast.show({ content: '请至少写 5 个字' });
    setBusy(true);
    try {
      await api.feedback.suggest(text.trim(), contact.trim() || undefined);
      setText('');
      Toast.show({ icon: 'success', content: '感谢您的建议' });
      void state.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page title="意见建议">
      <Form
        layout="vertical"
        className="section"
        footer={
          <Button block color="primary" loading={busy} onClick={submit}>
            提交
          </Button>
        }
      >
        <Form.Item label="您的意见或建议">
          <TextArea label="意见建议" value={text} onChange={setText} maxLength={1000} showCount rows={4} />
        </Form.Item>
        <Form.Item label="联系方式（可选）">
          <Input aria-label="联系方式" value={contact} onChange={setContact} placeholder="手机号或邮箱" />
        </Form.Item>
      </Form>
      <Loadable state={state} empty={{ when: (r) => r.data.length === 0, title: '还没有提交过建议' }}>
        {(r) => (
          <List header="我提交的建议" className="section">
            {r.data.map((s) => (
              <List.Item key={s.documentId} description={s.answer ? `回复：${typeof s.answer === 'string' ? s.answer : s.answer.text}` : '等待回复'}>
                <div>{s.text}</div>
                <div className="muted">{fullDateTime(s.createdAt)}</div>
              </List.Item>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
