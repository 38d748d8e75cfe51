import { useCallback, useEffect, useState } from 'react';
import { Page, Layouts, useFetchClient } from '@strapi/strapi/admin';
import { Box, Button, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

interface OrderRow {
  documentId: string;
  orderNo: string;
  status: string;
  statusLabel: string;
  paymentStatus: string;
  service: { name: string };
  startAt: string;
  totalFen: number;
  contactName: string;
  caregiver: { name: string } | null;
}

interface FreezeRow {
  documentId: string;
  userId: number;
  reason: string;
  createdAt: string;
}

const STATUSES: Array<[string, string]> = [
  ['', '全部状态'],
  ['pending_payment', '待支付'],
  ['pending_acceptance', '待接单'],
  ['accepted', '待服务'],
  ['in_service', '服务中'],
  ['finished', '待确认完成'],
  ['completed', '已完成'],
  ['cancelled', '已取消'],
];

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const beijing = (iso: string) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/** Orders across the platform and the payment freezes waiting for review, from the plugin's admin routes. */
const App = () => {
  const { get, post } = useFetchClient();
  const [status, setStatus] = useState('');
  const [orders, setOrders] = useState<OrderRow[]>([]);
  const [total, setTotal] = useState(0);
  const [freezes, setFreezes] = useState<FreezeRow[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const query = status ? `?status=${status}&pageSize=50` : '?pageSize=50';
      const { data } = await get(`/booking/orders${query}`);
      setOrders(data.data);
      setTotal(data.meta.pagination.total);
      const risk = await get('/booking/risk/freezes?active=true').catch(() => ({ data: { data: [] } }));
      setFreezes(risk.data.data);
      setError(null);
    } catch (e: any) {
      setError(e?.response?.data?.error?.message ?? '加载失败');
    }
  }, [get, status]);

  useEffect(() => {
    void load();
  }, [load]);

  const lift = async (documentId: string) => {
    await post(`/booking/risk/freezes/${documentId}/lift`, { note: '运营人员在控制台审核后解除' });
    await load();
  };

  return (
    <Page.Main>
      <Page.Title>陪护运营</Page.Title>
      <Layouts.Header title="陪护运营" subtitle={`共 ${total} 个订单`} />
      <Layouts.Content>
        {error ? (
          <Box paddingBottom={4}>
            <Typography textColor="danger600" role="alert">
              {error}
            </Typography>
          </Box>
        ) : null}
        <Flex gap={4} paddingBottom={4}>
          <Box minWidth="200px">
            <SingleSelect aria-label="订单状态" value={status} onChange={(value: string | number) => setStatus(String(value))}>
              {STATUSES.map(([value, label]) => (
                <SingleSelectOption key={value || 'all'} value={value}>
                  {label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Button variant="secondary" onClick={() => void load()}>
            刷新
          </Button>
        </Flex>
        <Table colCount={7} rowCount={orders.length + 1} aria-label="订单列表">
          <Thead>
            <Tr>
              <Th><Typography variant="sigma">订单号</Typography></Th>
              <Th><Typography variant="sigma">服务</Typography></Th>
              <Th><Typography variant="sigma">预约时间</Typography></Th>
              <Th><Typography variant="sigma">联系人</Typography></Th>
              <Th><Typography variant="sigma">陪护人员</Typography></Th>
              <Th><Typography variant="sigma">金额</Typography></Th>
              <Th><Typography variant="sigma">状态</Typography></Th>
            </Tr>
          </Thead>
          <Tbody>
            {orders.map((order) => (
              <Tr key={order.documentId} data-order-no={order.orderNo}>
                <Td><Typography>{order.orderNo}</Typography></Td>
                <Td><Typography>{order.service?.name}</Typography></Td>
                <Td><Typography>{beijing(order.startAt)}</Typography></Td>
                <Td><Typography>{order.contactName}</Typography></Td>
                <Td><Typography>{order.caregiver?.name ?? '—'}</Typography></Td>
                <Td><Typography>{yuan(order.totalFen)}</Typography></Td>
                <Td><Typography>{order.statusLabel}</Typography></Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
        <Box paddingTop={8} paddingBottom={4}>
          <Typography variant="delta" tag="h2">
            待审核的支付冻结（{freezes.length}）
          </Typography>
        </Box>
        {freezes.map((freeze) => (
          <Flex key={freeze.documentId} gap={4} paddingBottom={2} data-freeze={freeze.documentId}>
            <Typography>用户 #{freeze.userId}：{freeze.reason}</Typography>
            <Button size="S" onClick={() => void lift(freeze.documentId)}>
              解除冻结
            </Button>
          </Flex>
        ))}
      </Layouts.Content>
    </Page.Main>
  );
};

export { App };
export default App;
