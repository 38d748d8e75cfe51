import { useState } from 'react';
import { Button, List, Picker, Switch, Toast } from 'antd-mobile';
import { api, type Weekday, type WeeklySchedule } from '../api';
import { Page } from '../components/page';

const DAYS: Array<[Weekday, string]> = [
  ['mon', '周一'],
  ['tue', '周二'],
  ['wed', '周三'],
  ['thu', '周四'],
  ['fri', '周五'],
  ['sat', '周六'],
  ['sun', '周日'],
];
const TIMES = Array.from({ length: 48 }, (_, i) => `${String(Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`);
// The API has no read route for working hours yet: the page remembers what it last saved on this device.
const SAVED_KEY = 'h5.caregiver.hours';

type Day = { on: boolean; start: string; end: string };

function load(): Record<Weekday, Day> {
  const saved = JSON.parse(localStorage.getItem(SAVED_KEY) ?? 'null') as WeeklySchedule | null;
  return Object.fromEntries(
    DAYS.map(([d]) => {
      const range = saved?.[d]?.[0];
      return [d, range ? { on: true, start: range.start, end: range.end } : { on: !saved && d !== 'sun', start: '08:00', end: '18:00' }];
    }),
  ) as Record<Weekday, Day>;
}

/** 工作时间 (Beijing time): dispatch offers orders that start inside these hours even while offline. */
export default function Hours() {
  const [days, setDays] = useState(load);
  const [busy, setBusy] = useState(false);
  const update = (d: Weekday, patch: Partial<Day>) => setDays((all) => ({ ...all, [d]: { ...all[d], ...patch } }));

  async function save() {
    const schedule: WeeklySchedule = {};
    for (const [d] of DAYS) if (days[d].on) schedule[d] = [{ start: days[d].start, end: days[d].end }];
    setBusy(true);
    try {
      const result = await api.caregiver.setWorkingHours(schedule);
      localStorage.setItem(SAVED_KEY, JSON.stringify(result.workingHours ?? schedule));
      Toast.show({ icon: 'success', content: '工作时间已保存' });
    } catch (e) {
      Toast.show({ icon: 'fail', content: (e as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page
      title="工作时间"
      footer={
        <Button block color="primary" loading={busy} onClick={save}>
          保存
        </Button>
      }
    >
      <p className="hint">在工作时间内开始的订单会派给您（北京时间）。结束时间选 00:00 表示到午夜。</p>
      <List className="section">
        {DAYS.map(([d, label]) => (
          <List.Item
            key={d}
            prefix={<Switch aria-label={`${label}上班`} checked={days[d].on} onChange={(on) => update(d, { on })} />}
            extra={
              days[d].on ? (
                <div className="row">
                  <Picker columns={[TIMES.map((t) => ({ label: t, value: t }))]} value={[days[d].start]} onConfirm={(v) => update(d, { start: String(v[0]) })}>
                    {(_, a) => (
                      <Button size="mini" onClick={a.open} aria-label={`${label}开始时间`}>
                        {days[d].start}
                      </Button>
                    )}
                  </Picker>
                  至
                  <Picker columns={[TIMES.map((t) => ({ label: t, value: t }))]} value={[days[d].end]} onConfirm={(v) => update(d, { end: String(v[0]) })}>
                    {(_, a) => (
                      <Button size="mini" onClick={a.open} aria-label={`${label}结束时间`}>
                        {days[d].end}
                      </Button>
                    )}
                  </Picker>
                </div>
              ) : (
                <span className="muted">休息</span>
              )
            }
          >
            {label}
          </List.Item>
        ))}
      </List>
    </Page>
  );
}
