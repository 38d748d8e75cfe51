import { Button, List, SwipeAction, Tag, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router-dom';
import { api } from '../api';
import { useLoad } from '../lib/use-load';
import { Page } from '../components/page';
import { Loadable } from '../components/states';
import { RELATIONSHIPS, SELF_CARE } from './PatientForm';

export default function Patients() {
  const navigate = useNavigate();
  const state = useLoad(() => api.patients.list());
  async function remove(id: string) {
    try {
      await api.patients.remove(id);
      Toast.show({ icon: 'success', content: '已删除' });
      void state.reload();
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    }
  }
  return (
    <Page
      title="就诊人管理"
      footer={
        <Button block color="primary" onClick={() => navigate('/patients/new')}>
          添加就诊人
        </Button>
      }
    >
      <p className="hint">就诊人信息仅用于安排服务；身份证号和健康信息加密保存，陪护人员仅在服务进行中可见必要信息。最多添加 10 位。</p>
      <Loadable state={state} empty={{ when: (list) => list.length === 0, title: '还没有就诊人', description: '添加后即可预约服务' }}>
        {(list) => (
          <List className="section">
            {list.map((p) => (
              <SwipeAction key={p.documentId} rightActions={[{ key: 'delete', text: '删除', color: 'danger', onClick: () => remove(p.documentId) }]}>
                <List.Item
                  onClick={() => navigate(`/patients/${p.documentId}`)}
                  description={[p.idNumberMasked, SELF_CARE[p.selfCareAbility]].filter(Boolean).join(' · ')}
                  extra={<Tag fill="outline">{RELATIONSHIPS[p.relationship]}</Tag>}
                >
                  {p.name}
                </List.Item>
              </SwipeAction>
            ))}
          </List>
        )}
      </Loadable>
    </Page>
  );
}
