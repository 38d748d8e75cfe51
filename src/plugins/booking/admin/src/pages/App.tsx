import type { ComponentType } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { Box, Divider, Typography } from '@strapi/design-system';
import { Layouts, Page, SubNav } from '@strapi/strapi/admin';
import { useCan, type BookingAction } from '../lib/permissions';
import { AuditPage } from './AuditPage';
import { DispatchPage } from './DispatchPage';
import { ComplaintsPage } from './ComplaintsPage';
import { ReviewsPage } from './ReviewsPage';
import { SuggestionsPage } from './SuggestionsPage';
import { CaregiversPage } from './CaregiversPage';
import { AnalyticsPage } from './AnalyticsPage';
import { RiskPage } from './RiskPage';
import { SettlementPage } from './earnings/SettlementTab';

interface ConsolePage {
  path: string;
  label: string;
  section: string;
  needs: BookingAction;
  Component: ComponentType;
}

/** One page per desk; each shows only with the permission its routes need. */
const PAGES: ConsolePage[] = [
  { path: 'audit', label: '资质审核', section: '审核', needs: 'credentials.audit', Component: AuditPage },
  { path: 'dispatch', label: '订单调度', section: '调度', needs: 'orders.read', Component: DispatchPage },
  { path: 'complaints', label: '投诉处理', section: '客服', needs: 'complaints.handle', Component: ComplaintsPage },
  { path: 'reviews', label: '评价审核', section: '客服', needs: 'reviews.moderate', Component: ReviewsPage },
  { path: 'suggestions', label: '意见建议', section: '客服', needs: 'suggestions.handle', Component: SuggestionsPage },
  { path: 'caregivers', label: '陪护人员', section: '管理', needs: 'caregivers.read', Component: CaregiversPage },
  { path: 'analytics', label: '数据分析', section: '管理', needs: 'analytics.read', Component: AnalyticsPage },
  { path: 'risk', label: '支付风控', section: '管理', needs: 'risk.manage', Component: RiskPage },
  { path: 'settlement', label: '结算打款', section: '财务', needs: 'settlement.read', Component: SettlementPage },
];

function ConsoleNav({ pages }: { pages: ConsolePage[] }) {
  const sections = [...new Set(pages.map((p) => p.section))];
  return (
    <SubNav.Main aria-label="陪护运营">
      <SubNav.Header label="陪护运营" />
      <Divider />
      <SubNav.Content>
        <SubNav.Sections>
          {sections.map((section) => (
            <SubNav.Section key={section} label={section}>
              {pages
                .filter((p) => p.section === section)
                .map((p) => (
                  <SubNav.Link key={p.path} to={p.path} label={p.label}>
                    {p.label}
                  </SubNav.Link>
                ))}
            </SubNav.Section>
          ))}
        </SubNav.Sections>
      </SubNav.Content>
    </SubNav.Main>
  );
}

/** The operators' console (陪护运营): a side menu of the desks this operator may use, each a page of its own. */
const App = () => {
  const can = useCan();
  const pages = PAGES.filter((p) => can(p.needs));
  return (
    <Layouts.Root sideNav={<ConsoleNav pages={pages} />}>
      <Page.Title>陪护运营</Page.Title>
      <Routes>
        {pages.map(({ path, Component }) => (
          <Route key={path} path={`${path}/*`} element={<Component />} />
        ))}
        <Route
          path="*"
          element={
            pages.length ? (
              <Navigate to={pages[0].path} replace />
            ) : (
              <Box padding={8}>
                <Typography>您的角色没有陪护运营的任何权限，请联系管理员在「设置 → 角色」中授权。</Typography>
              </Box>
            )
          }
        />
      </Routes>
    </Layouts.Root>
  );
};

export { App };
export default App;
