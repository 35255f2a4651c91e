import type { DomainEvent } from '../../domain/index.js';
import { expandEvent } from './compact-events.js';
import { parseJson } from './parse-json.js';

/**
 * What a repair could not keep, named by what it costs the trader: orders, fills and balances
 * (ids, symbols, quantities), not only bytes and seqs. A lost record's bytes are read as far
 * as they still go (a bad checksum often leaves the JSON readable); what cannot be read is
 * said to be unknown.
 */
export interface RepairCosts {
  /** One line per order, fill or balance change lost (or set aside). */
  readonly lines: string[];
  /** `venue asset` pairs whose balance the kept records cannot vouch for. */
  readonly balances: Set<string>;
  /** True when some lost bytes could not be read at all: any balance may be off. */
  unknown: boolean;
}

export function emptyCosts(): RepairCosts {
  return { lines: [], balances: new Set(), unknown: false };
}

/**
 * The events of a record's JSON (`text`: the bytes after the checksum), read without the
 * checksum or the schema: a record that failed either may still say what it held. Undefined
 * when nothing can be made of it.
 */
export function eventsOf(text: string): DomainEvent[] | undefined {
  let v: unknown;
  try {
    v = parseJson(text);
  } catch {
    return undefined;
  }
  try {
    if (Array.isArray(v) && Array.isArray(v[3])) return (v[3] as unknown[]).map(expandEvent);
    const env = v as { event?: unknown };
    return env && typeof env === 'object' && env.event ? [expandEvent(env.event)] : undefined;
  } catch {
    return undefined;
  }
}

/** Adds what losing `events` costs to `costs`. */
export function addCosts(costs: RepairCosts, events: readonly DomainEvent[], why: string): void {
  for (const e of events) {
    const line = describeLoss(e, costs.balances);
    if (line) costs.lines.push(`${line} (${why})`);
  }
}

/** Assets of a market symbol (`BTC/USDT`, `BTC/USDT:USDT`). */
function assetsOf(symbol: unknown): string[] {
  return typeof symbol === 'string' ? symbol.split(/[/:]/).filter((a) => a.length > 0) : [];
}

function describeLoss(e: DomainEvent, balances: Set<string>): string | undefined {
  const d = e.data as unknown as Record<string, unknown> | null | undefined;
  const touch = (venue: unknown, assets: readonly unknown[]): void => {
    for (const a of assets) if (typeof a === 'string') balances.add(`${String(venue)} ${a}`);
  };
  const fieldOf = (o: unknown, k: string): string => String((o as Record<string, unknown> | null | undefined)?.[k] ?? '?');
  switch (e.type) {
    case 'order/submitted': {
      const o = d?.order as Record<string, unknown> | undefined;
      touch(o?.venue, assetsOf(o?.symbol));
      return `order ${fieldOf(o, 'id')}: ${fieldOf(o, 'side')} ${fieldOf(o, 'qty')} ${fieldOf(o, 'symbol')} ${fieldOf(o, 'type')}${o?.price !== undefined ? ` @ ${fieldOf(o, 'price')}` : ''} submitted: lost (funds it locked may still show as locked)`;
    }
    case 'order/partiallyFilled':
    case 'order/filled': {
      const f = d?.fill as Record<string, unknown> | undefined;
      touch(f?.venue, [...assetsOf(f?.symbol), f?.feeAsset]);
      return `fill ${fieldOf(f, 'tradeId')} of order ${fieldOf(f, 'orderId')}: ${fieldOf(f, 'side')} ${fieldOf(f, 'qty')} ${fieldOf(f, 'symbol')} @ ${fieldOf(f, 'price')}, fee ${fieldOf(f, 'fee')} ${fieldOf(f, 'feeAsset')}: lost`;
    }
    case 'order/accepted':
    case 'order/triggered':
    case 'order/cancelled':
    case 'order/rejected':
    case 'order/unknown':
      return `order ${fieldOf(d, 'id')}: its ${e.type.slice(6)} event lost (its status may be out of date)`;
    case 'account/balances': {
      const b = d?.balances;
      const assets = b && typeof b === 'object' ? Object.keys(b) : [];
      touch(d?.venue, assets);
      return `balances of ${fieldOf(d, 'venue')} (${assets.join(', ') || 'none named'}${d?.full === true ? ', the whole account' : ''}): lost`;
    }
    case 'futures/wallet':
    case 'futures/position':
    case 'futures/funding':
    case 'futures/liquidation': {
      touch((d?.position as Record<string, unknown> | undefined)?.venue ?? d?.venue, [d?.asset]);
      return `${e.type} of ${fieldOf(d, 'asset')}: lost`;
    }
    default:
      return undefined;
  }
}

/** The costs as lines for the report and the warning. */
export function describeCosts(costs: RepairCosts): string[] {
  const lines = [...costs.lines];
  if (costs.unknown) lines.push('some lost bytes could not be read at all: orders, fills and balances in them are unknown; check every balance and open order against the venue');
  if (costs.balances.size > 0) lines.push(`balances the kept records cannot vouch for (a later record may carry an absolute balance that includes what was lost): ${[...costs.balances].sort().join(', ')}; check them against the venue`);
  return lines;
}
