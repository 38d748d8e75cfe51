import { Badge, TabBar } from 'antd-mobile';
import { AppOutline, BellOutline, UnorderedListOutline, UserOutline } from 'antd-mobile-icons';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useLive } from '../lib/live';

/** The customer app's bottom tabs. */
export function CustomerTabs() {
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { unread } = useLive();
  const tabs = [
    { key: '/', title: '首页', icon: <AppOutline /> },
    { key: '/orders', title: '订单', icon: <UnorderedListOutline /> },
    {
      key: '/inbox',
      title: '消息',
      icon: (
        <Badge content={unread > 0 ? unread : null}>
          <BellOutline />
        </Badge>
      ),
    },
    { key: '/me', title: '我的', icon: <UserOutline /> },
  ];
  return (
    <div className="with-tabs">
      <Outlet />
      <nav className="tabbar" aria-label="主导航">
        <TabBar activeKey={pathname} onChange={(key) => navigate(key)}>
          {tabs.map((t) => (
            <TabBar.Item key={t.key} icon={t.icon} title={t.title} aria-label={t.title} />
          ))}
        </TabBar>
      </nav>
    </div>
  );
}
