import { Button, List, Tag } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router-dom';
import { api, mediaUrl } from '../api';
import { useLoad } from '../lib/use-load';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { Markdown } from '../components/markdown';

export default function CourseDetail() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const state = useLoad(() => api.training.course(id), [id]);
  const course = state.data;
  const exam = course?.exam;
  const attemptsLeft = exam ? exam.attemptLimit - exam.attemptsUsed : 0;
  return (
    <Page
      title={course?.title ?? '课程'}
      footer={
        exam &&
        (course?.passed ? (
          <Tag color="success">已通过考试（最高 {course.bestScore} 分）</Tag>
        ) : (
          <Button block color="primary" disabled={attemptsLeft <= 0} onClick={() => navigate(`/caregiver/exams/${exam.documentId}`)}>
            {attemptsLeft > 0 ? `开始考试（${exam.questionCount} 题，${exam.timeLimitMinutes} 分钟，剩余 ${attemptsLeft} 次）` : '考试次数已用完'}
          </Button>
        ))
      }
    >
      <Loadable state={state}>
        {(c) => (
          <>
            <section className="section section-pad">
              <p className="muted" style={{ marginTop: 0 }}>
                {c.summary}
              </p>
              <Markdown text={c.content} />
            </section>
            {c.materials && c.materials.length > 0 && (
              <List header="学习资料" className="section">
                {c.materials.map((m) => (
                  <List.Item key={m.url} onClick={() => window.open(mediaUrl(m.url), '_blank')}>
                    {m.name}
                  </List.Item>
                ))}
              </List>
            )}
          </>
        )}
      </Loadable>
    </Page>
  );
}
