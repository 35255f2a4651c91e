import { alertRows } from './alert-rows.js';
import { stamp } from './format.js';
import { Section } from './section.js';
import type { AlertsBody } from './types.js';

export interface AlertsProps {
  readonly alerts: AlertsBody;
}

export function Alerts({ alerts }: AlertsProps) {
  const rows = alertRows(alerts).slice(0, 20);
  const armed = rows.filter((r) => r.state === 'set').length;
  return (
    <Section title="Alerts" note={rows.length ? `${armed} set` : undefined} isEmpty={rows.length === 0} empty="No alerts.">
      <table>
        <thead><tr><th>Alert</th><th>State</th><th>When (UTC)</th></tr></thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}><td>{r.what}</td><td class={r.state === 'triggered' ? 'warn' : ''}>{r.state}</td><td>{stamp(r.ts)}</td></tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}
