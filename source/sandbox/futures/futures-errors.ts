import type { RefusalCode } from '../../domain/index.js';
import { BINANCE_FUTURES_CODES } from '../../adapters/binance-codes.js';
import { BinanceError } from '../signing.js';

/**
 * Binance USD-M error codes and their messages as Binance words them ("Error Codes",
 * developers.binance.com/docs/derivatives/usds-margined-futures/error-code). The sandbox
 * answers with Binance's message first (clients match on it) and, in parentheses, what was
 * wrong and what is allowed.
 */
export const FUTURES_MESSAGES: Readonly<Record<number, string>> = {
  [-1106]: "Parameter 'reduceonly' sent when not required.",
  [-1111]: 'Precision is over the maximum defined for this asset.',
  [-1115]: 'Invalid timeInForce.',
  [-1116]: 'Invalid orderType.',
  [-1117]: 'Invalid side.',
  [-1121]: 'Invalid symbol.',
  [-1125]: 'This listenKey does not exist.',
  [-2010]: 'NEW_ORDER_REJECTED',
  [-2011]: 'Unknown order sent.',
  [-2013]: 'Order does not exist.',
  [-2019]: 'Margin is insufficient.',
  [-2021]: 'Order would immediately trigger.',
  [-2022]: 'ReduceOnly Order is rejected.',
  [-4137]: 'Quantity must be zero with closePosition equals true.',
  [-2027]: 'Exceeded the maximum allowable position at current leverage.',
  [-4003]: 'Quantity less than or equal to zero.',
  [-4004]: 'Quantity less than min quantity.',
  [-4014]: 'Price not increased by tick size.',
  [-4015]: 'Client order id is not valid.',
  [-4028]: 'Leverage is not valid',
  [-4120]: 'Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.',
  [-4046]: 'No need to change margin type.',
  [-4047]: 'Margin type cannot be changed if there exists open orders.',
  [-4048]: 'Margin type cannot be changed if there exists position.',
  [-4049]: 'Add margin only support for isolated position.',
  [-4050]: 'Cross balance insufficient.',
  [-4051]: 'Isolated balance insufficient.',
  [-4054]: 'Cannot add position margin: position is 0.',
  [-4055]: 'Amount must be positive.',
  [-4059]: 'No need to change position side.',
  [-4061]: "Order's position side does not match user's setting.",
  [-4067]: 'Position side cannot be changed if there exists open orders.',
  [-4068]: 'Position side cannot be changed if there exists position.',
  [-4116]: 'ClientOrderId is duplicated.',
  [-4165]: 'Invalid time interval',
  [-4164]: "Order's notional must be no smaller than 5 (unless you choose reduce only).",
  [-5027]: 'No need to modify the order.',
  [-5021]: 'Due to the order could not be filled immediately, the FOK order has been rejected. The order will not be recorded in the order history',
  [-5022]: 'Due to the order could not be executed as maker, the Post Only order will be rejected. The order will not be recorded in the order history',
};

/**
 * Answers clients compare word for word: ccxt turns exactly "No need to change margin type."
 * into MarginModeAlreadySet (not an error for a caller that only wants the mode set).
 */
const BARE = new Set([-4046, -4059]);

/** A Binance futures error: its message, then the detail in parentheses when there is one. */
export function futuresError(code: number, detail?: string, status = 400): BinanceError {
  const msg = FUTURES_MESSAGES[code] ?? 'An unknown error occurred while processing the request.';
  return new BinanceError(status, code, detail && !BARE.has(code) ? `${msg} (${detail})` : msg);
}

/** A refusal of the simulated exchange as Binance's error (by its code), the trader's line kept as the detail. */
export function refusalError(code: RefusalCode | undefined, text: string): BinanceError {
  return futuresError((code === undefined ? undefined : BINANCE_FUTURES_CODES[code]) ?? -2010, text);
}
