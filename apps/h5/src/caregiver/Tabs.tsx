import { TabBar } from 'antd-mobile';
import { AppOutline, FileOutline, ShopbagOutline, UserOutline } from 'antd-mobile-icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';

export function CaregiverTabs() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const tabs = [
    { key: '/caregiver', title: '工作台', icon: <AppOutline /> },
    { key: '/caregiver/hall', title: '抢单大厅', icon: <ShopbagOutline /> },
    { key: '/caregiver/training', title: '培训', icon: <FileOutline /> },
    { key: '/caregiver/me', title: '我的', icon: <UserOutline /> },
  ];
  return (
    <div className="with-tabs">
      <Outlet />
      <nav className="tabbar" aria-label="陪护人员导航">
        <TabBar activeKey={pathname} onChange={(key) => navigate(key)}>
          {tabs.map((t) => (
            <TabBar.Item key={t.key} icon={t.icon} title={t.title} aria-label={t.title} />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}
