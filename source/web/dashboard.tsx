import { useState } from 'preact/hooks';
import { Alerts } from './alerts.js';
import { commands } from './api-client.js';
import { Balances } from './balances.js';
import { Confirm, type CommandOutcome, type PendingCommand } from './confirm.js';
import { withNow } from './equity.js';
import { Figures } from './figures.js';
import { Fills } from './fills.js';
import { qty } from './format.js';
import { Orders } from './orders.js';
import { Positions } from './positions.js';
import { StatusBar } from './status-bar.js';
import { Strategies } from './strategies.js';
import { stopDetail } from './strategy-words.js';
import type { FlattenResult } from './types.js';
import { useDashboard } from './use-dashboard.js';

/** The kill switch's answer in one line: what it stopped, cancelled and closed, and what it could not do. */
function flattened(r: FlattenResult): string {
  const done = `done: ${r.stopped.length} strategies stopped, ${r.cancelled.length} orders cancelled, ${r.closed.length} closing orders placed`;
  return r.problems.length ? `${done}; not done: ${r.problems.map((p) => `${p.text} (${p.code})`).join('; ')}` : done;
}

export interface DashboardProps {
  readonly token: string;
  readonly onLogout: (reason?: string) => void;
}

/** The page once logged in: every figure, live; commands only when the daemon's api.webCommands is on. */
export function Dashboard({ token, onLogout }: DashboardProps) {
  // The API's 401 speaks to a client sending headers; the trader here needs to log in again.
  const d = useDashboard(token, () => onLogout('refused: the daemon no longer takes this token (rotated, or wrong); log in with the one atapi api token prints'));
  const [pending, setPending] = useState<PendingCommand>();
  const [outcome, setOutcome] = useState<CommandOutcome>();
  const s = d.snapshot;
  if (!s) return <main class="loading"><p>{d.problem ? `Cannot read the daemon: ${d.problem.message}` : 'Reading the daemon…'}</p></main>;

  const allowed = s.status.webCommands === true;
  const ask = (c: PendingCommand): void => {
    setOutcome(undefined);
    setPending(c);
  };
  const closed = (o?: CommandOutcome): void => {
    setPending(undefined);
    if (o) setOutcome(o);
    d.refresh();
  };

  return (
    <>
      <StatusBar
        status={s.status}
        stream={d.stream}
        onLogout={() => onLogout()}
        onFlatten={allowed ? () => ask({ title: 'Kill switch', detail: 'Halt trading, stop every strategy, cancel every open order and close what the strategies hold. Until resumed, orders that open or add a position are refused (those that reduce one pass).', confirm: 'Flatten everything', run: () => commands.flatten(token), said: (r) => flattened(r as FlattenResult) }) : undefined}
        onResume={allowed ? () => ask({ title: 'Resume trading', detail: 'Lift the kill switch: orders are taken again (strategies stay stopped).', confirm: 'Resume', run: () => commands.resume(token) }) : undefined}
      />
      {d.problem ? <p class="banner bad" role="alert">Cannot read the daemon ({d.problem.code}): {d.problem.message}. Showing what was read at the last refresh.</p> : null}
      {outcome ? <p class={`banner ${outcome.ok ? 'good' : 'bad'}`} role="status">{outcome.text}</p> : null}
      <main class="grid">
        <Figures valuation={s.equity.now} equity={withNow(d.equity, s.equity.now)} day={s.pnlDay} week={s.pnlWeek} />
        <Positions positions={s.positions} />
        <Strategies
          strategies={s.strategies}
          onStop={allowed ? (x) => ask({ title: `Stop ${x.id}`, detail: stopDetail(x), confirm: 'Stop it', run: () => commands.stopStrategy(token, x.id) }) : undefined}
        />
        <Orders
          orders={s.orders}
          onCancel={allowed ? (o) => ask({ title: `Cancel order ${o.id}`, detail: `${o.side} ${qty(o.qty)} ${o.symbol}${o.price === undefined ? '' : ` at ${qty(o.price)}`}`, confirm: 'Cancel the order', run: () => commands.cancelOrder(token, o.id) }) : undefined}
        />
        <Fills fills={s.trades} />
        <Balances balances={s.balances} />
        <Alerts alerts={s.alerts} />
      </main>
      <footer>
        {allowed ? 'Commands are on (api.webCommands): each asks before it is sent.' : 'Read-only: atapi config set api.webCommands on offers stop, cancel and the kill switch here.'} Times are UTC.
      </footer>
      {pending ? <Confirm pending={pending} onClose={closed} /> : null}
    </>
  );
}
