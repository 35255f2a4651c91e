/**
 * ccxt's error classes as ccxt names and nests them (ccxt/js/src/base/errors.js), for the
 * in-process exchange: the adapter tells network trouble from an exchange's "no" by these
 * names and their ancestry, so they must read exactly as ccxt's do. Importing ccxt itself
 * would cost the simulator ~650 ms per process.
 */
export class BaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
export class ExchangeError extends BaseError {}
export class BadRequest extends ExchangeError {}
export class BadSymbol extends BadRequest {}
export class InsufficientFunds extends ExchangeError {}
export class InvalidOrder extends ExchangeError {}
export class OrderNotFound extends InvalidOrder {}
export class ExchangeClosedByUser extends ExchangeError {}
export class OperationFailed extends BaseError {}
export class NetworkError extends OperationFailed {}
export class ExchangeNotAvailable extends NetworkError {}
export class RequestTimeout extends NetworkError {}
