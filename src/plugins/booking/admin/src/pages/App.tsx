import { Page, Layouts } from '@strapi/strapi/admin';
import { Box, Tabs } from '@strapi/design-system';
import { AuditTab, ComplaintsTab, DispatchAlertsTab, OrdersTab, RiskTab } from '../components/Tabs';
import { BusinessTab } from '../components/BusinessTab';

const TABS = [
  { value: 'orders', label: '订单', Component: OrdersTab },
  { value: 'audit', label: '资质审核', Component: AuditTab },
  { value: 'complaints', label: '投诉处理', Component: ComplaintsTab },
  { value: 'dispatch', label: '派单告警', Component: DispatchAlertsTab },
  { value: 'business', label: '经营数据', Component: BusinessTab },
  { value: 'risk', label: '支付风控', Component: RiskTab },
];

/** The operators' console: each tab reads the plugin's admin routes, which check the operator's permissions. */
const App = () => (
  <Page.Main>
    <Page.Title>陪护运营</Page.Title>
    <Layouts.Header title="陪护运营" subtitle="订单、审核、投诉、派单、经营数据与支付风控" />
    <Layouts.Content>
      <Tabs.Root defaultValue="orders">
        <Tabs.List aria-label="运营功能">
          {TABS.map((t) => (
            <Tabs.Trigger key={t.value} value={t.value}>
              {t.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        {TABS.map(({ value, Component }) => (
          <Tabs.Content key={value} value={value}>
            <Box paddingTop={6}>
              <Component />
            </Box>
          </Tabs.Content>
        ))}
      </Tabs.Root>
    </Layouts.Content>
  </Page.Main>
);

export { App };
export default App;
