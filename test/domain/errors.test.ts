import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAuthError, isNetworkError, refusal, RefusedError, refusalOfError } from '../../source/domain/index.js';

/** ccxt's class tree, as far as the classification needs it (by name, as ccxt's are). */
class ExchangeError extends Error {}
class AuthenticationError extends ExchangeError {}
class PermissionDenied extends AuthenticationError {}
class InsufficientFunds extends ExchangeError {}
class InvalidOrder extends ExchangeError {}
class NetworkError extends Error {}
class RequestTimeout extends NetworkError {}
class DDoSProtection extends NetworkError {}

const coded = (message: string, code: string): Error => Object.assign(new Error(message), { code });

test('a network error is known by its class or its socket code, never by its words', () => {
  assert.ok(isNetworkError(new RequestTimeout('anything at all')));
  assert.ok(isNetworkError(new DDoSProtection('x')), 'subclasses count');
  assert.ok(isNetworkError(coded('socket hang up', 'ECONNRESET')));
  assert.ok(isNetworkError(coded('x', 'ETIMEDOUT')));
  // fetch: a TypeError whose cause carries the code.
  assert.ok(isNetworkError(new TypeError('fetch failed', { cause: coded('connect ECONNREFUSED 127.0.0.1:1', 'ECONNREFUSED') })));
  assert.ok(isNetworkError(new TypeError('fetch failed', { cause: coded('x', 'UND_ERR_CONNECT_TIMEOUT') })));
  // Words alone decide nothing: an exchange's "no" that mentions a timeout stays a "no".
  assert.equal(isNetworkError(new InvalidOrder('binance {"code":-1013,"msg":"request timed out? ECONNRESET"}')), false);
  assert.equal(isNetworkError(new Error('socket hang up')), false);
  assert.equal(isNetworkError(coded('x', 'ENOENT')), false);
  assert.equal(isNetworkError(undefined), false);
  assert.equal(isNetworkError('ECONNRESET'), false);
});

test('a failed request becomes a refusal by the error\'s class: auth, funds, link, or a plain no', () => {
  assert.ok(isAuthError(new PermissionDenied('whatever')));
  assert.equal(isAuthError(new InvalidOrder('Invalid API-key, IP, or permissions for action.')), false, 'not by its words');
  assert.equal(refusalOfError(new AuthenticationError('x'), 'keys refused').code, 'auth');
  assert.equal(refusalOfError(new InsufficientFunds('x'), 't').code, 'balance.insufficient');
  assert.equal(refusalOfError(new RequestTimeout('x'), 't').code, 'venue.failed');
  assert.equal(refusalOfError(new InvalidOrder('x'), 't').code, 'venue.rejected');
  assert.deepEqual(refusalOfError(new RefusedError(refusal('futures.leverage', 'inner', 'leverage')), 'outer'), { code: 'futures.leverage', field: 'leverage', text: 'outer' });
});
