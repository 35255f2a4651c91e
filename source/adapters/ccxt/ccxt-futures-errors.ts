/**
 * Binance USD-M's refusals of account settings, worded for a trader with the code named, so
 * a reader of Binance's documentation recognises it. Undefined: not one of these.
 */
export function futuresRefusal(code: number, what: { readonly symbol?: string; readonly leverage?: number; readonly mode?: string }): string | undefined {
  const s = what.symbol ?? '';
  switch (code) {
    case -4046:
      return `${s} is already ${what.mode} (Binance -4046)`;
    case -4047:
      return `${s}: margin mode cannot change while orders are open; cancel them first (Binance -4047)`;
    case -4048:
      return `${s}: margin mode cannot change while a position is open; close it first (Binance -4048)`;
    case -4059:
      return `the account is already in ${what.mode} mode (Binance -4059)`;
    case -4067:
      return `position mode cannot change while orders are open; cancel them first (Binance -4067)`;
    case -4068:
      return `position mode cannot change while positions are open; close them first (Binance -4068)`;
    case -4028:
      return `${s}: leverage ${what.leverage} is not valid for this symbol; a whole number from 1 to its maximum (Binance -4028)`;
    case -2027:
      return `${s}: the open position is too large for ${what.leverage}x (Binance -2027)`;
    case -2028:
      return `${s}: margin is insufficient for ${what.leverage}x on the open position (Binance -2028)`;
    default:
      return undefined;
  }
}
