import { refusal, type Refusal, type SignalReceived } from '../../domain/index.js';
import { selectInstrument, selectSignalSeen } from '../../store/index.js';
import { webhookStrategy } from '../../strategies/webhook.js';
import type { StrategyManager } from '../strategy-runtime/strategy-manager.js';
import type { Session, SignalPort, SignalResult } from '../session/session-types.js';
import { actionTarget, asObject, parseSignal, signalFacts } from './signal-body.js';

/** What the signal port needs of the session it serves. */
export interface SignalDeps {
  readonly session: Session;
  readonly steer: StrategyManager['steer'];
  readonly clock: () => number;
  /** A signal id acted on within this window (ms) is ignored when sent again (setting signals.dedupeSeconds); 0: never. */
  readonly dedupeMs: number;
}

/**
 * Signals from outside (TradingView alerts through `POST /api/v1/signals`), one at a time so
 * a repeat of an id sent at once still finds the first one recorded. Every signal, accepted
 * or refused, is a `signal/received` fact in the ledger; an accepted one sets its `webhook`
 * instance's target, pursued through the same decision, size and checks as any strategy's.
 */
export function createSignalPort(deps: SignalDeps): SignalPort {
  let queue: Promise<unknown> = Promise.resolve();
  const tokenRefusals: TokenRefusals = { lastRecordedAt: -Infinity, unrecorded: 0 };
  return {
    signal(body, o) {
      // Answered once its record is on disk: a sender told "accepted" may resend after a crash, and must find its id.
      const result = queue.then(async () => {
        const r = await handleSignal(deps, body, o.authentic, tokenRefusals);
        await deps.session.store.whenDurable();
        return r;
      });
      queue = result.catch(() => undefined);
      return result;
    },
  };
}

/** Bad-token refusals are recorded at most one per `TOKEN_RECORD_MS`, the rest counted into the next record. */
interface TokenRefusals {
  lastRecordedAt: number;
  unrecorded: number;
}
const TOKEN_RECORD_MS = 60_000;

async function handleSignal(deps: SignalDeps, body: unknown, authentic: boolean, tokenRefusals: TokenRefusals): Promise<SignalResult> {
  const { session } = deps;
  const now = deps.clock();
  const facts = signalFacts(body);
  const record = (outcome: Pick<SignalReceived, 'accepted' | 'code' | 'duplicate' | 'unrecorded'>): void => session.dispatch([{ type: 'signal/received', data: { ...facts, ...outcome, ts: now } }]);
  const refuse = (r: Refusal, orders?: readonly string[]): SignalResult => {
    record({ accepted: false, code: r.code });
    return { accepted: false, refusal: r, ...(orders?.length ? { orders } : {}) };
  };

  // The token first: an inauthentic body learns nothing about the instances from its answer.
  if (!authentic) {
    // A body that is no JSON object has no token to be wrong: saying so (what the sender sent,
    // nothing about the instances) is what a TradingView alert whose message is not the JSON
    // template needs to hear, where "wrong token" sends them after the token.
    const why = asObject(body) ? 'the signal token is missing or wrong' : 'the body is not a JSON object, so it has no signal token';
    const r = refusal('signal.token', `${why}: send {"token": ..., "strategy": ..., "action": ...} with the token \`atapi api token --signals\` prints`, 'token');
    if (now - tokenRefusals.lastRecordedAt < TOKEN_RECORD_MS) {
      tokenRefusals.unrecorded += 1;
      return { accepted: false, refusal: r };
    }
    record({ accepted: false, code: r.code, ...(tokenRefusals.unrecorded > 0 ? { unrecorded: tokenRefusals.unrecorded } : {}) });
    Object.assign(tokenRefusals, { lastRecordedAt: now, unrecorded: 0 });
    return { accepted: false, refusal: r };
  }
  const parsed = parseSignal(body);
  if (!parsed.ok) return refuse(parsed.refusal);
  const { strategy: id, action } = parsed.signal;
  const s = session.state().ledger.strategies[id];
  if (!s || s.venue !== session.venue) return refuse(refusal('signal.strategy', `no strategy instance "${id}" on ${session.label} (see: strategies)`, 'strategy'));
  if (s.name !== webhookStrategy.name || s.module) return refuse(refusal('signal.strategy', `${id} is a ${s.name} instance, which trades on candles: signals go to webhook instances (start webhook ${s.symbol} --size 50USDT)`, 'strategy'));
  if (s.status !== 'running') {
    // The kill switch stops every instance: then the halt is what the sender needs to hear.
    const halt = session.halted();
    const why = halt ? `trading is halted (${halt.reason || halt.source}): resume, then start a webhook instance again` : `start a webhook instance again (start webhook ${s.symbol})`;
    return refuse(refusal('signal.stopped', `${id} is stopped: ${why}, and send to its id`, 'strategy'));
  }
  if (parsed.signal.id !== undefined && deps.dedupeMs > 0 && selectSignalSeen(session.state(), parsed.signal.id, now - deps.dedupeMs)) {
    record({ accepted: false, duplicate: true });
    return { accepted: false, duplicate: true };
  }
  // While halted a running instance's opening order is refused by the order path's own check
  // (the halt's code), and an exit passes: halts apply to signals exactly as to any strategy.
  const target = actionTarget(action);
  if (target === 'short' && !selectInstrument(session.state(), s.venue, s.symbol)?.perpetual) {
    return refuse(refusal('signal.spot-short', `${id} trades ${s.symbol}, a spot market, which cannot be shorted: send sell or flat to close, or start a webhook instance on a perpetual for shorts`, 'action'));
  }
  const pursuit = await deps.steer(id, target, `signal ${action}${parsed.signal.id !== undefined ? ` (id ${parsed.signal.id})` : ''}`, now);
  if (!pursuit) return refuse(refusal('signal.stopped', `${id} is recorded running but does not run in this process (see: strategies)`, 'strategy'));
  const orders = pursuit.orders.map((o) => o.id);
  if (pursuit.refusal) return refuse(pursuit.refusal, orders);
  record({ accepted: true });
  return { accepted: true, orders };
}
