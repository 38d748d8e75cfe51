import { useMemo, useState } from 'react';
import { Box, Button, Flex, Grid, Typography } from '@strapi/design-system';
import { Layouts } from '@strapi/strapi/admin';
import { useResource, queryString } from '../lib/api';
import { beijingDay, percent, yuan } from '../lib/format';
import { CHANNEL, label } from '../lib/labels';
import { useOptions } from '../lib/options';
import { Chart } from '../components/Chart';
import { CsvButton } from '../components/CsvButton';
import { DataTable } from '../components/DataTable';
import { Failure, Muted, Section } from '../components/Feedback';
import { Select, Text } from '../components/Inputs';

type Measure = 'orders' | 'gmvFen' | 'paidOrders' | 'paidFen' | 'refundedFen' | 'netFen' | 'completed' | 'cancelled';
const MEASURES: Array<[Measure, string, boolean]> = [
  ['orders', '下单数', false],
  ['gmvFen', 'GMV', true],
  ['paidOrders', '支付订单', false],
  ['paidFen', '实收', true],
  ['refundedFen', '退款', true],
  ['netFen', '净收入', true],
  ['completed', '完成服务', false],
  ['cancelled', '取消', false],
];
const DIMENSIONS: Array<[string, string]> = [
  ['all', '合计'],
  ['city', '按城市'],
  ['category', '按服务类别'],
  ['channel', '按支付渠道'],
];

/** 运营主管: business figures with a dimension switch and growth, the funnel, keywords, caregiver quality. */
export function AnalyticsPage() {
  const [from, setFrom] = useState(beijingDay(-29));
  const [to, setTo] = useState(beijingDay(0));
  const [dimension, setDimension] = useState('all');
  const [measure, setMeasure] = useState<Measure>('gmvFen');
  const [month, setMonth] = useState(beijingDay(0).slice(0, 7));
  const { cities } = useOptions();
  const range = { from, to };
  const quick = (days: number) => {
    setFrom(beijingDay(-(days - 1)));
    setTo(beijingDay(0));
  };
  const business = useResource<any>(`/booking/analytics/business${queryString({ ...range, dimension })}`);
  const funnel = useResource<any[]>(`/booking/analytics/funnel${queryString(range)}`);
  const keywords = useResource<any[]>(`/booking/analytics/keywords${queryString({ ...range, limit: 20 })}`);
  const noResult = useResource<any[]>(`/booking/analytics/keywords${queryString({ ...range, limit: 20, noResults: 'true' })}`);
  const quality = useResource<any[]>(`/booking/analytics/caregivers${queryString(range)}`);
  const awards = useResource<any[]>(`/booking/analytics/caregivers/awards${queryString({ month })}`);
  const retraining = useResource<any[]>('/booking/analytics/caregivers/retraining');

  const cityName = useMemo(() => new Map(cities.map((c) => [c.code, c.name])), [cities]);
  const valueLabel = (v: string) => (dimension === 'city' ? (cityName.get(v) ?? v) : dimension === 'channel' ? label(CHANNEL, v) : v || '未知');
  const money = MEASURES.find(([m]) => m === measure)![2];
  const report = business.data as any;
  const option = useMemo(
    () => businessChart(report?.rows ?? [], daysBetween(from, to), dimension, measure, money, valueLabel),
    [report, from, to, dimension, measure, money, cityName],
  );

  return (
    <>
      <Layouts.Header title="数据分析" subtitle="经营数据、转化漏斗、搜索关键词与服务质量（北京时间，按日统计）" />
      <Layouts.Content>
        <Flex gap={4} paddingBottom={4} alignItems="flex-end" wrap="wrap">
          <Text label="开始日期" type="date" name="range-from" value={from} onChange={setFrom} />
          <Text label="结束日期" type="date" name="range-to" value={to} onChange={setTo} />
          <Flex gap={2}>
            <Button variant="tertiary" onClick={() => quick(7)}>
              近 7 天
            </Button>
            <Button variant="tertiary" onClick={() => quick(30)}>
              近 30 天
            </Button>
            <Button variant="tertiary" onClick={() => quick(90)}>
              近 90 天
            </Button>
          </Flex>
        </Flex>

        <Section
          title="经营数据"
          actions={<CsvButton path="/booking/analytics/business" params={{ ...range, dimension }} filename={`business-${dimension}-${from}_${to}`} />}
        >
          <Failure error={business.error} />
          <Grid.Root gap={4}>
            {MEASURES.map(([key, text, isMoney]) => {
              const g = report?.data?.growth?.[key] ?? report?.growth?.[key];
              const totals = report?.totals ?? report?.data?.totals;
              return (
                <Grid.Item key={key} col={3} s={6} xs={12} direction="column" alignItems="stretch">
                  <Box background="neutral0" padding={4} hasRadius shadow="tableShadow" data-metric={key}>
                    <Typography variant="sigma" textColor="neutral600">
                      {text}
                    </Typography>
                    <Box paddingTop={1}>
                      <Typography variant="beta">{isMoney ? yuan(totals?.[key]) : (totals?.[key] ?? 0)}</Typography>
                    </Box>
                    <Typography variant="pi" textColor={g === null || g === undefined ? 'neutral600' : g >= 0 ? 'success600' : 'danger600'}>
                      较上期 {g === null || g === undefined ? '—' : `${g >= 0 ? '+' : ''}${(g * 100).toFixed(1)}%`}
                    </Typography>
                  </Box>
                </Grid.Item>
              );
            })}
          </Grid.Root>
          <Flex gap={4} paddingTop={6} paddingBottom={2} alignItems="flex-end">
            <Select label="维度" value={dimension} options={DIMENSIONS} onChange={setDimension} />
            <Select label="指标" value={measure} options={MEASURES.map(([m, t]) => [m, t])} onChange={(v) => setMeasure(v as Measure)} />
          </Flex>
          <Box background="neutral0" padding={4} hasRadius shadow="tableShadow" data-dimension={dimension}>
            <Chart option={option} label={`每日${MEASURES.find(([m]) => m === measure)![1]}（${DIMENSIONS.find(([d]) => d === dimension)![1]}）`} />
          </Box>
        </Section>

        <Section title="转化漏斗" actions={<CsvButton path="/booking/analytics/funnel" params={range} filename={`funnel-${from}_${to}`} />}>
          <Failure error={funnel.error} />
          <FunnelView rows={(funnel.data as any[]) ?? []} />
        </Section>

        <Grid.Root gap={6}>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
            <Section
              title="热门搜索词"
              actions={<CsvButton path="/booking/analytics/keywords" params={{ ...range, limit: 500 }} filename={`keywords-${from}_${to}`} />}
            >
              <Failure error={keywords.error} />
              <KeywordTable rows={(keywords.data as any[]) ?? []} label="热门搜索词" />
            </Section>
          </Grid.Item>
          <Grid.Item col={6} xs={12} direction="column" alignItems="stretch">
            <Section
              title="无结果搜索词"
              actions={
                <CsvButton
                  path="/booking/analytics/keywords"
                  params={{ ...range, limit: 500, noResults: 'true' }}
                  filename={`no-result-keywords-${from}_${to}`}
                />
              }
            >
              <Failure error={noResult.error} />
              <KeywordTable rows={(noResult.data as any[]) ?? []} label="无结果搜索词" />
            </Section>
          </Grid.Item>
        </Grid.Root>

        <Section title="陪护服务质量" actions={<CsvButton path="/booking/analytics/caregivers" params={range} filename={`caregiver-quality-${from}_${to}`} />}>
          <Failure error={quality.error} />
          <QualityTable rows={(quality.data as any[]) ?? []} label="陪护服务质量" />
        </Section>

        <Section
          title="月度优秀陪护人员"
          actions={
            <Flex gap={2} alignItems="flex-end">
              <Text label="月份" type="month" name="award-month" value={month} onChange={setMonth} />
              <CsvButton path="/booking/analytics/caregivers/awards" params={{ month }} filename={`awards-${month}`} />
            </Flex>
          }
        >
          <Failure error={awards.error} />
          <QualityTable rows={(awards.data as any[]) ?? []} label="优秀陪护人员" withRank empty="该月没有达到评选条件的陪护人员" />
        </Section>

        <Section title="复训名单" actions={<CsvButton path="/booking/analytics/caregivers/retraining" params={{}} filename={`retraining-${beijingDay(0)}`} />}>
          <Failure error={retraining.error} />
          <DataTable
            label="复训名单"
            empty="当前没有需要复训的陪护人员"
            rows={(retraining.data as any[]) ?? []}
            rowKey={(r) => String(r.caregiverId)}
            columns={[
              { label: '姓名', render: (r) => <Typography>{r.name}</Typography> },
              {
                label: '近90天评分',
                render: (r) => <Typography>{r.rating === null || r.rating === undefined ? '—' : Number(r.rating).toFixed(2)}</Typography>,
              },
              { label: '评价数', render: (r) => <Typography>{r.reviewCount}</Typography> },
              { label: '近30天成立投诉', render: (r) => <Typography>{r.recentUpheldComplaints}</Typography> },
              { label: '原因', wrap: true, render: (r) => <Typography>{(r.reasons ?? []).join('；')}</Typography> },
            ]}
          />
        </Section>
      </Layouts.Content>
    </>
  );
}

/** Every Beijing day of the range, so a day without orders shows as zero instead of vanishing from the axis. */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); Number.isFinite(t) && t <= end && days.length < 400; t += 86_400_000)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

function businessChart(rows: any[], dates: string[], dimension: string, measure: Measure, money: boolean, valueLabel: (v: string) => string) {
  const values = dimension === 'all' ? [''] : [...new Set(rows.map((r) => r.value ?? ''))];
  const cell = new Map(rows.map((r) => [`${r.date}|${dimension === 'all' ? '' : (r.value ?? '')}`, r[measure] ?? 0]));
  const scale = (n: number) => (money ? n / 100 : n);
  return {
    tooltip: { trigger: 'axis' },
    legend: { show: dimension !== 'all', top: 0 },
    grid: { left: 56, right: 16, top: dimension === 'all' ? 16 : 40, bottom: 32 },
    xAxis: { type: 'category', data: dates.map((d) => d.slice(5)) },
    yAxis: { type: 'value', name: money ? '元' : '', axisLabel: { formatter: (v: number) => (money ? `¥${v}` : String(v)) } },
    series: values.map((v) => ({
      name: dimension === 'all' ? '合计' : valueLabel(v),
      type: dimension === 'all' ? 'line' : 'bar',
      barMaxWidth: 28,
      stack: dimension === 'all' ? undefined : 'total',
      smooth: true,
      areaStyle: dimension === 'all' ? { opacity: 0.15 } : undefined,
      data: dates.map((d) => scale(Number(cell.get(`${d}|${v}`) ?? 0))),
    })),
  };
}

function FunnelView({ rows }: { rows: any[] }) {
  // The row without a category ('') is everyone; the others split it by category.
  const total = rows.find((r) => !r.categorySlug) ?? { viewers: 0, submitters: 0, payers: 0, completers: 0 };
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '10%',
          width: '80%',
          label: { show: true, position: 'inside', formatter: '{b}：{c}' },
          data: [
            { name: '浏览', value: total.viewers },
            { name: '下单', value: total.submitters },
            { name: '支付', value: total.payers },
            { name: '完成', value: total.completers },
          ],
        },
      ],
    }),
    [total.viewers, total.submitters, total.payers, total.completers],
  );
  if (rows.length === 0 || (total.viewers === 0 && total.submitters === 0)) return <Muted>该时段没有行为数据（仅统计同意分析的用户）。</Muted>;
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={5} xs={12} direction="column" alignItems="stretch">
        <Box background="neutral0" padding={2} hasRadius shadow="tableShadow">
          <Chart option={option} height={260} label="转化漏斗" />
        </Box>
      </Grid.Item>
      <Grid.Item col={7} xs={12} direction="column" alignItems="stretch">
        <DataTable
          label="各类别转化"
          empty="—"
          rows={rows}
          rowKey={(r) => r.categorySlug ?? 'none'}
          columns={[
            { label: '服务类别', render: (r) => <Typography fontWeight={r.categorySlug ? undefined : 'bold'}>{r.categorySlug || '全部类别'}</Typography> },
            { label: '浏览', render: (r) => <Typography>{r.viewers}</Typography> },
            { label: '下单', render: (r) => <Typography>{r.submitters}</Typography> },
            { label: '支付', render: (r) => <Typography>{r.payers}</Typography> },
            { label: '完成', render: (r) => <Typography>{r.completers}</Typography> },
            { label: '浏览→下单', render: (r) => <Typography>{percent(r.viewToOrder)}</Typography> },
            { label: '下单→支付', render: (r) => <Typography>{percent(r.orderToPay)}</Typography> },
          ]}
        />
      </Grid.Item>
    </Grid.Root>
  );
}

function KeywordTable({ rows, label: text }: { rows: any[]; label: string }) {
  return (
    <DataTable
      label={text}
      empty="该时段没有搜索"
      rows={rows}
      rowKey={(r) => r.keyword}
      columns={[
        { label: '关键词', render: (r) => <Typography>{r.keyword}</Typography> },
        { label: '搜索次数', render: (r) => <Typography>{r.searches}</Typography> },
        { label: '无结果', render: (r) => <Typography>{r.noResultSearches}</Typography> },
        { label: '人数', render: (r) => <Typography>{r.searchers}</Typography> },
      ]}
    />
  );
}

function QualityTable({ rows, label: text, withRank, empty = '该时段没有服务记录' }: { rows: any[]; label: string; withRank?: boolean; empty?: string }) {
  return (
    <DataTable
      label={text}
      empty={empty}
      rows={rows}
      rowKey={(r) => String(r.caregiverId)}
      columns={[
        ...(withRank ? [{ label: '名次', render: (r: any) => <Typography fontWeight="bold">{r.rank}</Typography> }] : []),
        { label: '姓名', render: (r) => <Typography>{r.name}</Typography> },
        { label: '接单', render: (r) => <Typography>{r.assigned}</Typography> },
        { label: '完成', render: (r) => <Typography>{r.completed}</Typography> },
        { label: '准时开始率', render: (r) => <Typography>{percent(r.onTimeRate)}</Typography> },
        { label: '评分', render: (r) => <Typography>{r.rating === null || r.rating === undefined ? '—' : Number(r.rating).toFixed(2)}</Typography> },
        { label: '评价数', render: (r) => <Typography>{r.reviewCount}</Typography> },
        {
          label: '投诉（成立）',
          render: (r) => (
            <Typography>
              {r.complaints}（{r.upheldComplaints}）
            </Typography>
          ),
        },
        { label: '投诉率', render: (r) => <Typography>{percent(r.complaintRate)}</Typography> },
      ]}
    />
  );
}
