import { selectPrunedInstanceCount, selectRunningArbInstances, type State } from '../../store/index.js';
import { noneListed } from '../../format/strategy-list-text.js';
import { prunePlan, type PrunePlan } from '../../app/strategy-runtime/strategy-prune.js';
import type { Session } from '../../app/session/session.js';
import type { CommandSource } from '../../domain/index.js';
import { defineCommand, needsYes, ok, usageError } from '../command-spec.js';
import { strategiesTable } from '../strategy-format.js';

const spec = { usage: 'strategies [--all] | strategies prune [--yes]' };

type StrategiesArgs = { readonly verb: 'list'; readonly all: boolean } | { readonly verb: 'prune'; readonly yes: boolean };

export const strategiesCommand = defineCommand<StrategiesArgs>({
  name: 'strategies',
  summary: 'strategy instances with their own position, PnL, fees, trades and win rate (running ones, and stopped ones that hold a position or failed; --all: every one; prune: take stopped ones off the list)',
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
  ].join('\n'),
  parse(w) {
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
