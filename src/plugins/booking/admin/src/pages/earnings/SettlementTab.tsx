/**
 * 结算打款: settlement runs, statements to approve, payouts to send or mark, failures. Mounted by the console as the
 * 结算打款 desk (settlement.read). Buttons show only with the permission their route checks — closing and approving
 * need settlement.manage, sending money and marking bank payouts need settlement.pay — so a supervisor who may review
 * statements but not move money sees no pay button (the server refuses it anyway).
 */
import { useCallback, useEffect, useState } from 'react';
import { Layouts, useFetchClient } from '@strapi/strapi/admin';
import { useCan } from '../../lib/permissions';
import { Box, Button, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';

const yuan = (fen: number | null | undefined) => `¥${((fen ?? 0) / 100).toFixed(2)}`;
const when = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—');
const failure = (e: any) => e?.response?.data?.error?.message ?? e?.message ?? '操作失败';

const STATEMENT_STATUS: Record<string, string> = { pending_approval: '待审核', approved: '待打款', paying: '打款中', paid: '已打款' };
const PAYOUT_STATUS: Record<string, string> = { pending: '待发送', processing: '处理中', succeeded: '已到账', failed: '失败' };

function Grid({ label, headers, rows }: { label: string; headers: string[]; rows: Array<{ key: string; cells: React.ReactNode[] }> }) {
  if (rows.length === 0) return <Typography textColor="neutral600">暂无数据</Typography>;
  return (
    <Table colCount={headers.length} rowCount={rows.length + 1} aria-label={label}>
      <Thead>
        <Tr>
          {headers.map((h) => (
            <Th key={h}>
              <Typography variant="sigma">{h}</Typography>
            </Th>
          ))}
        </Tr>
      </Thead>
      <Tbody>
        {rows.map((r) => (
          <Tr key={r.key} data-key={r.key}>
            {r.cells.map((c, i) => (
              <Td key={headers[i]}>{c}</Td>
            ))}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}

export function SettlementTab() {
  const { get, post } = useFetchClient();
  const can = useCan();
  const [manage, pay] = [can('settlement.manage'), can('settlement.pay')];
  const [status, setStatus] = useState<string>('pending_approval');
  const [statements, setStatements] = useState<any[]>([]);
  const [payouts, setPayouts] = useState<any[]>([]);
  const [alerts, setAlerts] = useState<any[]>([]);
  const [message, setMessage] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [s, p, a] = await Promise.all([
        get<any>(`/booking/settlement/statements?status=${status}&pageSize=100`),
        get<any>('/booking/settlement/payouts?pageSize=100'),
        get<any>('/booking/settlement/alerts'),
      ]);
      setStatements(s.data.data ?? []);
      setPayouts(p.data.data ?? []);
      setAlerts(a.data.data ?? []);
    } catch (e) {
      setMessage(failure(e));
    }
  }, [get, status]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const act = async (label: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage(`${label}：完成`);
    } catch (e) {
      setMessage(`${label}：${failure(e)}`);
    }
    await reload();
  };

  /** The CSV comes back as text; handed to the browser as a file for finance to upload. */
  const exportBank = () =>
    act('导出银行批次', async () => {
      const res = await post<string>('/booking/settlement/payouts/bank-batch', {}, { responseType: 'text' } as any);
      const blob = new Blob([res.data as unknown as string], { type: 'text/csv;charset=utf-8' });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = `bank-batch-${Date.now()}.csv`;
      link.click();
      URL.revokeObjectURL(link.href);
    });

  return (
    <Flex direction="column" alignItems="stretch" gap={6}>
      <Flex gap={2} wrap="wrap">
        {manage ? <Button onClick={() => act('结算本期', () => post('/booking/settlement/runs', {}))}>结算已结束的周期</Button> : null}
        {pay ? (
          <>
            <Button variant="secondary" onClick={() => act('发起微信打款', () => post('/booking/settlement/payouts/send', {}))}>
              发起微信打款
            </Button>
            <Button variant="secondary" onClick={exportBank}>
              导出银行批次
            </Button>
          </>
        ) : null}
        {message ? <Typography role="status">{message}</Typography> : null}
      </Flex>

      <Box>
        <Flex gap={4} paddingBottom={2}>
          <Typography variant="delta">结算单</Typography>
          <SingleSelect aria-label="结算单状态" value={status} onChange={(v: string | number) => setStatus(String(v))}>
            {Object.entries(STATEMENT_STATUS).map(([value, label]) => (
              <SingleSelectOption key={value} value={value}>
                {label}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Flex>
        <Grid
          label="结算单"
          headers={['结算单号', '周期', '收入', '扣款', '应付', '笔数', '状态', '操作']}
          rows={statements.map((s) => ({
            key: s.statementNo,
            cells: [
              s.statementNo,
              s.periodKey,
              yuan(s.earningsFen),
              yuan(s.deductionsFen),
              yuan(s.payableFen),
              s.entryCount,
              STATEMENT_STATUS[s.status] ?? s.status,
              manage && s.status === 'pending_approval' ? (
                <Button size="S" onClick={() => act(`审核 ${s.statementNo}`, () => post(`/booking/settlement/statements/${s.statementNo}/approve`, {}))}>
                  审核通过
                </Button>
              ) : null,
            ],
          }))}
        />
      </Box>

      <Box>
        <Box paddingBottom={2}>
          <Typography variant="delta">打款记录</Typography>
        </Box>
        <Grid
          label="打款记录"
          headers={['打款单号', '方式', '金额', '状态', '批次', '失败原因', '发送时间', '操作']}
          rows={payouts.map((p) => ({
            key: p.outTradeNo,
            cells: [
              p.outTradeNo,
              p.method === 'wechat' ? '微信零钱' : '银行卡',
              yuan(p.amountFen),
              PAYOUT_STATUS[p.status] ?? p.status,
              p.batchNo ?? '—',
              p.failureReason ?? '—',
              when(p.sentAt),
              pay && p.method === 'bank' && p.status === 'processing' ? (
                <Flex gap={1}>
                  <Button
                    size="S"
                    onClick={() => act(`标记到账 ${p.outTradeNo}`, () => post(`/booking/settlement/payouts/${p.outTradeNo}/mark`, { status: 'succeeded' }))}
                  >
                    已到账
                  </Button>
                  <Button
                    size="S"
                    variant="danger-light"
                    onClick={() =>
                      act(`标记失败 ${p.outTradeNo}`, () => post(`/booking/settlement/payouts/${p.outTradeNo}/mark`, { status: 'failed', reason: '银行退票' }))
                    }
                  >
                    失败
                  </Button>
                </Flex>
              ) : null,
            ],
          }))}
        />
      </Box>

      <Box>
        <Box paddingBottom={2}>
          <Typography variant="delta">打款失败提醒</Typography>
        </Box>
        <Grid label="打款失败提醒" headers={['时间', '内容']} rows={alerts.map((a) => ({ key: String(a.id), cells: [when(a.createdAt), a.message] }))} />
      </Box>
    </Flex>
  );
}

/** The desk page around the tab: the console's header and content layout like every other desk. */
export function SettlementPage() {
  return (
    <>
      <Layouts.Header title="结算打款" subtitle="结算已结束的周期、审核结算单、向陪护人员打款并处理失败" />
      <Layouts.Content>
        <SettlementTab />
      </Layouts.Content>
    </>
  );
}

export default SettlementTab;
