import { selectInstrument, selectPrunedInstanceCount, selectRunningArbInstances, type State } from '../../store/index.js';
import { priceText } from '../../format/format.js';
import { noneListed } from '../../format/strategy-list-text.js';
import { prunePlan, type PrunePlan } from '../../app/strategy-runtime/strategy-prune.js';
import { defineCommand, needsYes, ok, refused, usageError } from '../command-spec.js';
import type { CommandOutput } from '../command-output.js';
import type { Session } from '../../app/session/session.js';
import type { CommandSource } from '../../domain/index.js';
import { writeOffItemText, writeOffPlan, type WriteOffPlan } from '../../engine/strategy-write-off.js';
import { strategiesTable } from '../strategy-format.js';

const spec = { usage: 'strategies [--all] | strategies prune [--yes] | strategies write-off ID...|--all [--yes]' };

type StrategiesArgs = { readonly verb: 'list'; readonly all: boolean } | { readonly verb: 'prune'; readonly yes: boolean } | { readonly verb: 'write-off'; readonly ids: readonly string[] | 'all'; readonly yes: boolean };

export const strategiesCommand = defineCommand<StrategiesArgs>({
  name: 'strategies',
  summary: 'strategy instances with their own position, PnL, fees, trades and win rate (running ones, and stopped ones that hold a position or failed; --all: every one; prune: take stopped ones off the list; write-off: settle a position gone outside them)',
  usage: spec.usage,
  details: [
    'Each instance trades its own account inside yours: POS, AVG, NET REAL (realised PnL net of fees, as pnl shows it), UNREAL (at the last',
    'price), FEES, TRADES (fills) and WIN (round trips that made money) count only its orders, never your manual',
    'trades. POS is what the account still holds of its own position: "gone" when it was closed outside the',
    'strategy (by hand, on the exchange), said in a line under the table, with no unrealised PnL on it. STATE is',
    'running, warm-up N/M (candles until it can signal), stopped, failed (atapi stopped it: it threw or overran',
    'strategy.timeBudgetMs; status ID says why), or not live (recorded running, but it could not resume here; a one-shot command without a daemon resumes none).',
    'Start one with start, stop it with stop, see its trades with status.',
    'strategies prune takes stopped instances off the list (strategies --all) once they hold nothing (or the',
    'account no longer holds their position) and have no order open; their orders and fills stay in the ledger',
    '(orders --all, trades, pnl, history) and their ids are not given again. It says what it would take off and does nothing until you add --yes.',
    'strategies write-off ID (or --all) settles a claim that is gone: the part of the instance\'s own position the',
    'account no longer holds (closed by hand or on the exchange, a sandbox or testnet reset) leaves its own position',
    'at its entry price, so it holds what the account holds and can trade, close or be pruned again. Its realised',
    'PnL stays what its trades made; the part is yours in pnl --by strategy (the manual line, from that entry).',
    'Recorded in the ledger (history, the Log); never done on its own. It says what it would do and waits for --yes.',
  ].join('\n'),
  parse(w) {
    if (w[0] === 'write-off') {
      const rest = w.slice(1);
      const words = rest.filter((x) => x !== '--yes');
      const all = words.includes('--all');
      const ids = words.filter((x) => x !== '--all');
      const flag = ids.find((x) => x.startsWith('-'));
      if (flag !== undefined) return usageError(spec, `unknown option "${flag}" after write-off`, 'id');
      if (all && ids.length) return usageError(spec, 'write-off takes instance ids or --all, not both', 'id');
      if (!all && ids.length === 0) return usageError(spec, 'write-off needs an instance id (see: strategies --all) or --all', 'id');
      return { ok: true, args: { verb: 'write-off', ids: all ? 'all' : ids, yes: rest.includes('--yes') } };
    }
    if (w[0] === 'prune') {
      const rest = w.slice(1);
      if (rest.some((x) => x !== '--yes')) return usageError(spec, `unexpected "${rest.filter((x) => x !== '--yes').join(' ')}" after prune`);
      return { ok: true, args: { verb: 'prune', yes: rest.includes('--yes') } };
    }
    if (w.length === 0) return { ok: true, args: { verb: 'list', all: false } };
    if (w.length === 1 && w[0] === '--all') return { ok: true, args: { verb: 'list', all: true } };
    return usageError(spec, `unexpected "${w.join(' ')}"`);
  },
  async run(session, a, ctx) {
    if (a.verb === 'write-off') return writeOff(session, a.ids, a.yes, ctx.source);
    if (a.verb === 'prune') {
      const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
      if (!a.yes) {
        const plan = prunePlan(session.state(), session.strategies());
        if (plan.ids.length === 0) return ok(`${where} nothing to prune${keptText(plan)}`, plan);
        return needsYes(`${where} strategies prune would take ${plan.ids.length} stopped instance${plan.ids.length === 1 ? '' : 's'} off the list: ${plan.ids.join(', ')} (their orders and fills stay in the ledger)${keptText(plan)}. Add --yes to do it`);
      }
      const plan = await session.pruneStrategies();
      return ok(`${where} ${plan.ids.length ? `took ${plan.ids.join(', ')} off the list; their orders and fills stay in the ledger` : 'nothing to prune'}${keptText(plan)}`, plan);
    }
    // Besides the running ones, a stopped instance that still holds a position (money the trader
    // must see: `stop` keeps it), whose position went outside it (said once, until pruned), or
    // that atapi stopped on its own (failed, left its range).
    const list = session.strategies().filter((v) => a.all || v.status === 'running' || v.position !== 0 || v.notHeld !== undefined || v.stopCode !== undefined);
    const others = otherInstances(session.state());
    if (list.length === 0) return ok(`${a.all ? noneListed(selectPrunedInstanceCount(session.state()), 'start one: start sma BTC/USDT') : 'no strategy running (start one: start sma BTC/USDT; strategies --all lists stopped ones)'}${others}`, list);
    return ok(`${strategiesTable(session.state(), list)}${notRunBy(session, list, ctx.source)}${others}`, list);
  },
});

/**
 * `strategies write-off`: the plan from the state this terminal reads (a replica when attached),
 * then, with --yes, the daemon's or this session's own plan is what is done and said.
 */
async function writeOff(session: Session, ids: readonly string[] | 'all', yes: boolean, source: CommandSource): Promise<CommandOutput> {
  const where = `[${session.mode.toUpperCase()} · ${session.label}]`;
  const preview = writeOffPlan(session.state(), session.venue, ids);
  // One line per instance: an answer is read in an 80-column box too (the app's command line).
  const items = (p: WriteOffPlan): string => p.items.map((i) => `\n  ${writeOffItemText(i, (n) => priceText(n, selectInstrument(session.state(), session.venue, i.symbol)))}`).join('');
  const kept = (p: WriteOffPlan): string => p.kept.map((k) => `\n  not ${k.id}: ${k.why}`).join('');
  const none = (p: WriteOffPlan): CommandOutput => {
    const text = `${where} nothing to write off${ids === 'all' && p.kept.length === 0 ? ': every instance\'s own position is held by the account' : ''}${p.kept.map((k) => `; ${k.id}: ${k.why}`).join('')}`;
    return ids === 'all' ? ok(text, p) : refused(text, { code: 'strategy.write-off', field: 'id' });
  };
  if (preview.items.length === 0) return none(preview);
  if (!yes) return needsYes(`${where} strategies write-off would write off what the account no longer holds (add --yes to do it):${items(preview)}${kept(preview)}\nrecorded in the ledger; each part is yours in pnl --by strategy, from that entry`);
  const plan = await session.writeOffStrategies(ids, source);
  if (plan.items.length === 0) return none(plan);
  return ok(`${where} wrote off what the account no longer holds:${items(plan)}${kept(plan)}`, plan);
}

/**
 * A one-shot command without a daemon resumes no instance (none would outlive it): those the
 * ledger has running are "not live", and nothing trades them. Said, with what would, or the
 * trader who stopped the daemon (or whose daemon died) reads a list of strategies as running.
 */
function notRunBy(session: Session, list: readonly { readonly live: boolean; readonly status: string }[], source: CommandSource): string {
  if (source !== 'cli' || session.attachedTo || session.daemonStart === undefined) return '';
  if (!list.some((v) => v.status === 'running' && !v.live)) return '';
  return `\nnot live: recorded running, but no daemon runs this ledger, so nothing trades them now; ${session.daemonStart} resumes them`;
}

/** The stopped instances left listed, each with why. */
function keptText(plan: PrunePlan): string {
  return plan.kept.map((k) => `; ${k.id} stays: ${k.why}`).join('');
}

/** Arbitrage and carry instances running: listed by `arb txs`, named here so `strategies` does not read as "nothing runs". */
function otherInstances(state: State): string {
  const ids = selectRunningArbInstances(state);
  return ids.length ? `\narbitrage and carry instances running: ${ids.join(', ')} (see: arb txs)` : '';
}
