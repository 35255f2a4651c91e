import { baseOf, isPerpetualSymbol, type PositionSide } from '../domain/index.js';
import { selectBalance, selectFuturesPosition, selectPositionMode, selectStrategyAccount, type State } from '../store/index.js';

/**
 * Whether the account still holds what the strategy instances claim as their own. The account
 * is the truth; an instance's own position (the sum of its own fills) is a claim on it. A
 * position closed outside the strategy (by hand with --force, on the exchange's own site, cut
 * by a trader's order confirmed twice) leaves the claim standing with nothing under it (a
 * liquidation is folded into the instances' own accounts, evolve.ts), and the views must then
 * not show that position nor an unrealised PnL on it, and the instance must not size an order
 * on it. The instance's fills and its realised PnL stay what they are (money facts); only what
 * it holds *now* is judged here. Pure: the same on a daemon and on its attached replica.
 */

/** Quantities closer than this are the same (float dust of sums of fills), as in strategy-shares.ts. */
const DUST = 1e-9;

/** One instance's claim on one market of the account. */
export interface ShareClaim {
  readonly id: string;
  /** What it claims on: the account's position in one market (see claimKey). */
  readonly key: string;
  /** Its own position from its own fills, signed on a perpetual. */
  readonly own: number;
  readonly running: boolean;
  /**
   * How much less the account may hold with nothing gone: fees an exchange took in the base
   * asset out of its spot buys (Binance without BNB), which its own position counts whole.
   */
  readonly slack?: number;
}

/** How much of an instance's own position the account holds now. */
export interface ShareCover {
  /** Its own position from its fills (signed). */
  readonly own: number;
  /** The part the account holds: same sign as `own`, never larger; 0 when none. */
  readonly held: number;
  readonly cover: 'held' | 'partly' | 'none';
}

/**
 * Each claim's cover, given the account's position per market (`account`, keyed like the
 * claims; a market absent from it is not judged: every claim on it reads held).
 *
 * Claims on one market net, as the account's position does (a one-way perpetual nets a long
 * instance against a short one). When the account holds less than the claims' net in the
 * net's direction, the shortfall is taken from the claims on that side only: the other side's
 * claims are what made the net smaller and are still there. Beyond that side's claims, what
 * the account holds the other way is the trader's own, never an instance's.
 *
 * Who loses the shortfall when several claim the same side: stopped instances first, then
 * running ones; within each, the one recorded last first. Why: a stopped instance's position
 * is one the trader was left to look after (`stop` keeps it), so a trader's close on that
 * market is read as taking that over first; and the rule that asks a trader's order twice
 * (strategy-shares.ts) counts only running instances' shares, so an order it let through
 * without asking never reads as taking a running instance's. Last recorded first, whole,
 * rather than pro rata: each instance keeps its whole position or reads plainly gone, and the
 * latest claim is the one the account had for the shortest time; pro rata would make every
 * instance on the market read "partly held" and each close a fraction of its own. Either way
 * the helds never add up to more than the account holds: nothing is invented.
 */
export function coverShares(account: ReadonlyMap<string, number>, claims: readonly ShareClaim[]): Map<string, ShareCover> {
  const out = new Map<string, ShareCover>();
  const byKey = new Map<string, ShareClaim[]>();
  for (const c of claims) {
    if (c.own === 0) continue;
    byKey.set(c.key, [...(byKey.get(c.key) ?? []), c]);
  }
  for (const [key, list] of byKey) {
    const taken = new Map<string, number>();
    const q = account.get(key);
    const net = list.reduce((sum, c) => sum + c.own, 0);
    const dir = Math.abs(net) <= DUST ? 0 : Math.sign(net);
    const slack = list.reduce((sum, c) => sum + (c.slack ?? 0), 0);
    let short = q === undefined || dir === 0 ? 0 : dir * (net - q);
    // Within the fees: nothing gone. Beyond them, the whole shortfall counts (the fees' coins
    // are not there either), so what the instances read as held never exceeds the account.
    if (short - slack > DUST) {
      // Stopped before running; recorded last first (the list is in recorded order).
      const side = list.filter((c) => Math.sign(c.own) === dir);
      const order = [...side.filter((c) => !c.running).reverse(), ...side.filter((c) => c.running).reverse()];
      for (const c of order) {
        if (short <= DUST) break;
        const t = Math.min(short, Math.abs(c.own));
        taken.set(c.id, t);
        short -= t;
      }
    }
    for (const c of list) out.set(c.id, cover(c.own, taken.get(c.id) ?? 0));
  }
  return out;
}

function cover(own: number, taken: number): ShareCover {
  if (taken <= DUST) return { own, held: own, cover: 'held' };
  const left = Math.abs(own) - taken;
  if (left <= DUST) return { own, held: 0, cover: 'none' };
  return { own, held: Math.sign(own) * Number(left.toFixed(12)), cover: 'partly' };
}

/** The position side a perpetual instance holding `own` claims on: BOTH in one-way mode, its side in hedge mode. */
function sideOf(state: State, venue: string, own: number): PositionSide {
  return selectPositionMode(state, venue) === 'hedge' ? (own > 0 ? 'LONG' : 'SHORT') : 'BOTH';
}

/**
 * What an instance's claim is on: a spot instance's on the venue's balance of its base asset
 * (BTC/USDT and BTC/EUR instances claim the same coins); a perpetual one's on the venue's
 * position in its symbol, on the side it holds in hedge mode.
 */
export function claimKey(state: State, venue: string, symbol: string, own: number): string {
  return isPerpetualSymbol(symbol) ? `${venue}|perp|${symbol}|${sideOf(state, venue, own)}` : `${venue}|spot|${baseOf(symbol)}`;
}

/**
 * What the account holds where an instance's claim is (its claimKey), or undefined while the venue's account is not known
 * yet (no balances, no futures wallet: a live link before its first sync). An unknown
 * account judges nothing: a position is never called gone for want of a sync.
 */
function accountAmount(state: State, venue: string, symbol: string, own: number): number | undefined {
  if (!isPerpetualSymbol(symbol)) {
    if (state.ledger.balances[venue] === undefined) return undefined;
    const b = selectBalance(state, venue, baseOf(symbol));
    return b.free + b.locked;
  }
  if (state.ledger.futures.wallets[venue] === undefined) return undefined;
  return selectFuturesPosition(state, venue, symbol, sideOf(state, venue, own)).qty;
}

/**
 * The fees its own recorded trades paid in the base asset (the fold keeps its latest
 * MAX_STRATEGY_TRADES: an instance with more since it was last flat may read partly held by
 * the fees of the older ones, never the other way).
 */
function baseFees(state: State, id: string, symbol: string): { slack?: number } {
  if (isPerpetualSymbol(symbol)) return {};
  const base = baseOf(symbol);
  const fees = (state.ledger.strategyTrades?.[id] ?? []).reduce((sum, f) => sum + (f.feeAsset === base ? f.fee : 0), 0);
  return fees > 0 ? { slack: fees } : {};
}

/** The claims of every listed instance with a position of its own, and what the account holds where each claims. */
export interface ShareBook {
  readonly claims: readonly ShareClaim[];
  readonly account: ReadonlyMap<string, number>;
}

/**
 * The book the covers are judged on, from the state; `at` (engine/strategy-held-at.ts) gives
 * each instance's own position and the account as they were at an earlier moment instead.
 */
export function shareBook(state: State, at?: { readonly own: (id: string) => number; readonly account: (key: string, now: number | undefined) => number | undefined }): ShareBook {
  const claims: ShareClaim[] = [];
  const account = new Map<string, number>();
  for (const s of Object.values(state.ledger.strategies)) {
    const own = at ? at.own(s.strategyId) : selectStrategyAccount(state, s.strategyId).qty;
    if (own === 0) continue;
    const key = claimKey(state, s.venue, s.symbol, own);
    claims.push({ id: s.strategyId, key, own, running: s.status === 'running', ...baseFees(state, s.strategyId, s.symbol) });
    if (!account.has(key)) {
      const now = accountAmount(state, s.venue, s.symbol, own);
      const q = at ? at.account(key, now) : now;
      if (q !== undefined) account.set(key, q);
    }
  }
  return { claims, account };
}

/** Every listed instance's cover, from the state: running and stopped alike, on every venue. */
export function selectShareCovers(state: State): Map<string, ShareCover> {
  const { account, claims } = shareBook(state);
  return coverShares(account, claims);
}

/**
 * Instances holding opposite sides of one one-way perpetual (sma-ls A long 0.03, B short 0.02):
 * each one's claim is real exposure it believes it has, and the account holds only their net
 * (long 0.01). Neither is wrong and nothing is gone: the views name who holds what and show that
 * it adds up to the account's position, so a trader reading "the account is long 0.01" beside
 * "A long 0.03" is not left to guess. Each instance of such a market maps to the same netting.
 */
export interface Netting {
  readonly symbol: string;
  /** Each instance's held part (its cover), in the order recorded. */
  readonly claims: readonly { readonly id: string; readonly held: number }[];
  /** The claims added up: what the instances hold together. */
  readonly net: number;
  /** The account's position in the market; absent while it is not known (no futures sync yet). */
  readonly account?: number;
}

/** The nettings of every one-way perpetual market where listed instances hold both sides, by instance id. */
export function selectNettings(state: State, covers: ReadonlyMap<string, ShareCover> = selectShareCovers(state), account?: ReadonlyMap<string, number>): Map<string, Netting> {
  const byMarket = new Map<string, { venue: string; symbol: string; claims: { id: string; held: number }[] }>();
  for (const s of Object.values(state.ledger.strategies)) {
    if (!isPerpetualSymbol(s.symbol) || selectPositionMode(state, s.venue) === 'hedge') continue;
    const held = covers.get(s.strategyId)?.held ?? 0;
    if (Math.abs(held) <= DUST) continue;
    const key = `${s.venue}|${s.symbol}`;
    const m = byMarket.get(key) ?? { venue: s.venue, symbol: s.symbol, claims: [] };
    m.claims.push({ id: s.strategyId, held });
    byMarket.set(key, m);
  }
  const out = new Map<string, Netting>();
  for (const m of byMarket.values()) {
    if (!m.claims.some((c) => c.held > 0) || !m.claims.some((c) => c.held < 0)) continue;
    const net = Number(m.claims.reduce((sum, c) => sum + c.held, 0).toFixed(12));
    // `account`: the positions a past moment's covers were judged on (the book's keys); else the account now.
    const q = account ? account.get(claimKey(state, m.venue, m.symbol, m.claims[0].held)) : state.ledger.futures.wallets[m.venue] !== undefined ? selectFuturesPosition(state, m.venue, m.symbol, 'BOTH').qty : undefined;
    const n: Netting = { symbol: m.symbol, claims: m.claims, net, ...(q !== undefined ? { account: q } : {}) };
    for (const c of m.claims) out.set(c.id, n);
  }
  return out;
}

/** Instance `id`'s cover: its whole own position when it claims nothing or is not judged. */
export function selectShareCover(state: State, id: string): ShareCover {
  const own = selectStrategyAccount(state, id).qty;
  return selectShareCovers(state).get(id) ?? { own, held: own, cover: 'held' };
}

/** What an instance may close now: its cover, and on a one-way perpetual whose account nets it against other instances, with whom. */
export interface ClosableShare extends ShareCover {
  /**
   * The instances on the other side of a one-way perpetual whose claims net this one's out of
   * the account's position (A long 0.03, B short 0.02: the account is long 0.01). Present only
   * when the account holds less than `held` on this instance's side: its close is then a plain
   * order, not reduce-only (B's buy back would be refused as reduce-only on a long position, A's
   * sell cut to 0.01), and it leaves the account holding what the others claim. Never while a
   * claim on that market is partly or wholly gone (see selectClosableShare).
   */
  readonly nettedWith?: readonly string[];
  /**
   * Set when the other side's instances would net its close but a claim on that market is
   * gone: it cannot close alone (the trader closes the position, or stops it and starts again).
   */
  readonly netBlocked?: true;
}

/**
 * What instance `id` may take off of its own position by an order now (a strategy's close or
 * sell, `stop --close`): its cover's held part. On a perpetual, never more than the exchange's
 * position on that side plus, in one-way mode with the account known, what the other side's
 * instances hold (their claims are what netted it away: closing this one's share restores the
 * account to theirs); so a market whose account is not judged (not synced yet) never sizes a
 * close on a position that is not there.
 */
export function selectClosableShare(state: State, id: string): ClosableShare {
  const covers = selectShareCovers(state);
  const s = state.ledger.strategies[id];
  const own = selectStrategyAccount(state, id).qty;
  const c = covers.get(id) ?? { own, held: own, cover: 'held' as const };
  if (!s || c.held === 0 || !isPerpetualSymbol(s.symbol)) return c;
  const side = sideOf(state, s.venue, c.own);
  const there = selectFuturesPosition(state, s.venue, s.symbol, side).qty;
  const same = Math.sign(there) === Math.sign(c.held) ? Math.abs(there) : 0;
  if (same + DUST >= Math.abs(c.held)) return c;
  // The other side's instances on this position, as far as the account holds them. Only while
  // no claim on it is gone: the rule keeps no history, so with a gone part (the net closed by
  // hand) a plain close would leave the account holding what makes that part read held again,
  // and its instance's next close would open a position no one holds. Then reduce-only, as before.
  const market = Object.values(state.ledger.strategies).filter((o) => o.venue === s.venue && o.symbol === s.symbol);
  const whole = market.every((o) => (covers.get(o.strategyId)?.cover ?? 'held') === 'held');
  const others = side !== 'BOTH' || state.ledger.futures.wallets[s.venue] === undefined || !whole ? [] : market
    .filter((o) => o.strategyId !== id)
    .map((o) => ({ id: o.strategyId, held: covers.get(o.strategyId)?.held ?? 0 }))
    .filter((o) => Math.sign(o.held) === -Math.sign(c.held));
  const offset = others.reduce((sum, o) => sum + Math.abs(o.held), 0);
  const closable = Math.min(Math.abs(c.held), same + offset);
  const held = Math.sign(c.held) * Number(closable.toFixed(12));
  const cover = closable <= DUST ? 'none' : closable + DUST >= Math.abs(c.held) ? c.cover : 'partly';
  const blocked = !whole && side === 'BOTH' && market.some((o) => Math.sign(covers.get(o.strategyId)?.held ?? 0) === -Math.sign(c.held));
  return { ...c, held: closable <= DUST ? 0 : held, cover, ...(closable > same + DUST ? { nettedWith: others.map((o) => o.id) } : {}), ...(blocked ? { netBlocked: true as const } : {}) };
}
