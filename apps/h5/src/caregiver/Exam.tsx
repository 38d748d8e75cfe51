import { useState } from 'react';
import { Button, Checkbox, Dialog, Radio, Result, Space } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { api, type ExamResult } from '../api';
import { useLoad } from '../lib/use-load';
import { timeOnly } from '../lib/format';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

/** One attempt: questions come without answers; the server grades and says which were right. */
export default function Exam() {
  const { examId = '' } = useParams();
  const navigate = useNavigate();
  const attempt = useLoad(() => api.training.startExam(examId), [examId]);
  const [answers, setAnswers] = useState<Record<string, string[]>>({});
  const [result, setResult] = useState<ExamResult | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit() {
    const a = attempt.data!;
    const missing = a.questions.filter((q) => !answers[q.key]?.length).length;
    if (missing && !(await Dialog.confirm({ content: `还有 ${missing} 题未作答，确定交卷？` }))) return;
    setBusy(true);
    try {
      setResult(await api.training.submit(a.documentId, answers));
    } catch (e) {
      Dialog.alert({ content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    return (
      <Page title="考试结果">
        <Result
          status={result.passed ? 'success' : 'error'}
          title={result.passed ? `通过，${result.score} 分` : `未通过，${result.score} 分`}
          description={`及格线 ${result.passMark} 分，答对 ${result.results.filter((r) => r.correct).length}/${result.results.length} 题`}
        />
        <div style={{ padding: 12 }}>
          <Button block onClick={() => navigate('/caregiver/training', { replace: true })}>
            返回培训
          </Button>
        </div>
      </Page>
    );
  }

  return (
    <Page
      title="考试"
      footer={
        attempt.data && (
          <Button block color="primary" loading={busy} onClick={submit}>
            交卷
          </Button>
        )
      }
    >
      <Loadable state={attempt}>
        {(a) => (
          <>
            <p className="hint">
              及格线 {a.passMark} 分，请在 {timeOnly(a.deadlineAt)} 前交卷。
            </p>
            <section className="section">
              {a.questions.map((q, i) => (
                <div className="question" key={q.key} role="group" aria-label={`第 ${i + 1} 题`}>
                  <h3>
                    {i + 1}. {q.prompt}（{q.type === 'multiple' ? '多选' : q.type === 'true_false' ? '判断' : '单选'}，{q.points} 分）
                  </h3>
                  {q.type === 'multiple' ? (
                    <Checkbox.Group value={answers[q.key] ?? []} onChange={(v) => setAnswers((s) => ({ ...s, [q.key]: v as string[] }))}>
                      <Space direction="vertical">
                        {q.options.map((o) => (
                          <Checkbox key={o.key} value={o.key}>
                            {o.key}. {o.text}
                          </Checkbox>
                        ))}
                      </Space>
                    </Checkbox.Group>
                  ) : (
                    <Radio.Group value={answers[q.key]?.[0]} onChange={(v) => setAnswers((s) => ({ ...s, [q.key]: [String(v)] }))}>
                      <Space direction="vertical">
                        {q.options.map((o) => (
                          <Radio key={o.key} value={o.key}>
                            {q.type === 'true_false' ? o.text : `${o.key}. ${o.text}`}
                          </Radio>
                        ))}
                      </Space>
                    </Radio.Group>
                  )}
                </div>
              ))}
            </section>
          </>
        )}
      </Loadable>
    </Page>
  );
}
