import type { PositionMode, SettingValues } from '../../domain/index.js';
import { marketKey } from '../../domain/index.js';
import { selectFuturesPosition, selectPositionMode, type State } from '../../store/index.js';
import type { Session } from '../session/session.js';

/** The most perpetuals a session sets the default leverage on as it opens. */
export const MAX_BULK_LEVERAGE = 25;

/** What `atapi config`'s futures settings ask of a session that opens a futures venue. */
export interface FuturesSettingsPlan {
  /** The leverage new perpetuals get: futures.defaultLeverage, at most risk.maxLeverage. */
  readonly leverage: number;
  /** Perpetuals with no leverage of their own yet and no position: they get `leverage`. */
  readonly symbols: readonly string[];
  /** The position mode to switch to, if the account is in the other one. */
  readonly positionMode?: PositionMode;
  /** Why the leverage is lower than the setting, if it is. */
  readonly capped?: string;
}

/**
 * Pure: the settings against the venue's state. A symbol whose leverage was set before (by a
 * trader, or by an earlier session from this setting) keeps it: the setting is for new ones.
 */
export function futuresSettingsPlan(state: State, venue: string, settings: Pick<SettingValues, 'futures.defaultLeverage' | 'futures.positionMode' | 'risk.maxLeverage'>): FuturesSettingsPlan {
  const wanted = settings['futures.defaultLeverage'];
  const cap = settings['risk.maxLeverage'];
  const leverage = Math.max(1, Math.floor(Math.min(wanted, cap)));
  const capped = wanted > cap ? `futures.defaultLeverage ${wanted}x is above risk.maxLeverage ${cap}x: new perpetuals get ${leverage}x (to allow more: atapi config set risk.maxLeverage ${wanted})` : undefined;
  const symbols = Object.values(state.market.instruments)
    .filter((i) => i.venue === venue && i.perpetual !== undefined && state.ledger.futures.symbols[marketKey(venue, i.symbol)] === undefined)
    .filter((i) => (['BOTH', 'LONG', 'SHORT'] as const).every((side) => selectFuturesPosition(state, venue, i.symbol, side).qty === 0))
    .map((i) => i.symbol)
    .sort();
  const mode = settings['futures.positionMode'] === 'hedge' ? 'hedge' : 'one-way';
  return {
    leverage,
    // 1x is every exchange account's start in atapi's simulated and sandbox venues: nothing to send.
    symbols: leverage === 1 ? [] : symbols,
    ...(selectPositionMode(state, venue) !== mode ? { positionMode: mode } : {}),
    ...(capped ? { capped } : {}),
  };
}

/**
 * Applies the plan through the session's futures API (so the leverage cap is checked again
 * there). A refusal is said, never fatal: a position mode cannot change while positions are
 * open (Binance -4068), and the session is still worth opening.
 */
export async function applyFuturesSettings(session: Session, settings: SettingValues, say: (line: string) => void): Promise<void> {
  if (!session.futures.available) return;
  const plan = futuresSettingsPlan(session.state(), session.venue, settings);
  if (plan.capped) say(`atapi: ${plan.capped}`);
  if (plan.positionMode) {
    try {
      await session.futures.setPositionMode(plan.positionMode);
    } catch (err) {
      say(`atapi: futures.positionMode is ${plan.positionMode}, but the account stays ${selectPositionMode(session.state(), session.venue)}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  // One request per symbol: a venue with hundreds of perpetuals would spend its rate limit on
  // it at every start, so there the leverage is set per symbol (shell: leverage SYMBOL N).
  if (plan.symbols.length > MAX_BULK_LEVERAGE) {
    say(`atapi: futures.defaultLeverage ${plan.leverage}x not applied to ${plan.symbols.length} perpetuals at once (at most ${MAX_BULK_LEVERAGE}); set it per symbol: leverage SYMBOL ${plan.leverage}`);
    return;
  }
  for (const symbol of plan.symbols) {
    try {
      await session.futures.setLeverage(symbol, plan.leverage);
    } catch (err) {
      say(`atapi: futures.defaultLeverage not applied to ${symbol}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
}
