import { List, ProgressBar, Tag } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useLoad } from '../lib/use-load';
import { Page } from '../components/page';
import { Loadable } from '../components/states';

/** This month's training plan and every course, required ones first. */
export default function Training() {
  const navigate = useNavigate();
  const state = useLoad(() => Promise.all([api.training.plan(), api.training.courses()]));
  return (
    <Page title="培训" back={false}>
      <Loadable state={state}>
        {([plan, courses]) => {
          const done = plan.courses.filter((c) => c.passed).length;
          return (
            <>
              <section className="section section-pad">
                <div className="row between">
                  <strong>{plan.month} 培训计划</strong>
                  {plan.completedAt || plan.courses.length === done ? (
                    <Tag color="success">已完成</Tag>
                  ) : (
                    <Tag color="warning">待完成 {plan.courses.length - done} 门</Tag>
                  )}
                </div>
                <ProgressBar percent={plan.courses.length ? (done / plan.courses.length) * 100 : 100} style={{ marginTop: 10 }} aria-label="培训计划进度" />
              </section>
              <List header="课程" className="section">
                {[...courses]
                  .sort((a, b) => Number(b.required) - Number(a.required))
                  .map((c) => (
                    <List.Item
                      key={c.documentId}
                      onClick={() => navigate(`/caregiver/courses/${c.documentId}`)}
                      description={c.summary ?? undefined}
                      extra={c.passed ? <Tag color="success">已通过</Tag> : c.required ? <Tag color="danger">必修</Tag> : <Tag>选修</Tag>}
                    >
                      {c.title}
                    </List.Item>
                  ))}
              </List>
            </>
          );
        }}
      </Loadable>
    </Page>
  );
}
