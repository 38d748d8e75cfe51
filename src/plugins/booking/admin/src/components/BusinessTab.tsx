import { useEffect, useState } from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { errorMessage, yuan } from './format';

const dayKey = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

const CARDS: Array<[string, string, boolean]> = [
  ['orders', '下单数', false],
  ['paidOrders', '支付订单', false],
  ['gmvFen', 'GMV', true],
  ['refundedFen', '退款', true],
  ['netFen', '净收入', true],
  ['completed', '完成服务', false],
];

/** Business figures of the last 30 days (Beijing days) with growth against the 30 days before, and a GMV chart. */
export function BusinessTab() {
  const to = dayKey(new Date());
  const from = dayKey(new Date(Date.now() - 29 * 86_400_000));
  const { get } = useFetchClient();
  const [report, setReport] = useState<any>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    get<any>(`/booking/analytics/business?from=${from}&to=${to}&dimension=all`)
      .then(({ data }) => setReport(data.data))
      .catch((e) => setError(errorMessage(e)));
  }, [get, from, to]);
  return <BusinessReport from={from} to={to} error={error} report={report} />;
}

function BusinessReport({ from, to, error, report }: { from: string; to: string; error: string | null; report: any }) {
  if (error) return <Typography textColor="danger600" role="alert">{error}</Typography>;
  const days: any[] = report?.rows ?? [];
  const max = Math.max(1, ...days.map((d) => d.gmvFen ?? 0));
  return (
    <Box>
      <Typography variant="omega" textColor="neutral600">
        {from} 至 {to}（北京时间）
      </Typography>
      <Flex gap={4} paddingTop={4} paddingBottom={6} wrap="wrap">
        {CARDS.map(([key, label, money]) => (
          <Box key={key} background="neutral0" padding={4} hasRadius shadow="tableShadow" minWidth="160px" data-metric={key}>
            <Typography variant="sigma" textColor="neutral600">{label}</Typography>
            <Box paddingTop={2}>
              <Typography variant="beta">{money ? yuan(report?.totals?.[key]) : report?.totals?.[key] ?? 0}</Typography>
            </Box>
            <Typography variant="pi" textColor="neutral600">
              环比 {report?.growth?.[key] === null || report?.growth?.[key] === undefined ? '—' : `${Math.round(report.growth[key] * 100)}%`}
            </Typography>
          </Box>
        ))}
      </Flex>
      <Typography variant="delta" tag="h2">每日 GMV</Typography>
      <Flex alignItems="flex-end" gap={1} paddingTop={4} height="160px" aria-label="每日 GMV 柱状图">
        {days.map((d) => (
          <Box key={d.date} title={`${d.date} ${yuan(d.gmvFen)}`} background="primary500" width="14px" style={{ height: `${Math.max(2, Math.round(((d.gmvFen ?? 0) / max) * 150))}px` }} />
        ))}
      </Flex>
    </Box>
  );
}
