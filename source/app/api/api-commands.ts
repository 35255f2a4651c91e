import type { OrderRequest, TimeInForce, TrailingTerms } from '../../domain/index.js';
import { refusal } from '../../domain/index.js';
import type { CheckedBody } from './api-body.js';
import type { ApiContext, ApiRequest } from './api-context.js';
import { ApiError, errorBody, refusalReply, type ApiReply } from './api-errors.js';
import { flag } from './api-reads.js';
import { tokenMatches } from './api-token.js';
import { formatExits, parseExits } from '../../engine/strategy-exits.js';
import { parseTrailing } from '../../engine/trailing-stop.js';
import { ALL_STRATEGIES } from '../../strategies/registry.js';
import { paramValueText } from '../../strategies/strategy.js';

/*
 * The commands of the API: each checked body becomes one call of the session's command port,
 * recorded first as the line the shell would have typed (the audit trail reads the same
 * whoever asked), and its answer or refusal becomes JSON. No rule of trading lives here.
 */

const created = (body: unknown): ApiReply => ({ status: 201, body });
const done = (body: unknown): ApiReply => ({ status: 200, body });

export async function placeOrder(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const b = req.body as CheckedBody;
  const { session } = ctx;
  const side = b.side as 'buy' | 'sell';
  const price = b.price as number | undefined;
  const trailing = trailingOf(b);
  const type = trailing !== undefined || b.type === 'trailing-stop' ? 'market' : (b.type as 'market' | 'limit' | undefined) ?? (price === undefined ? 'market' : 'limit');
  if (b.type === 'trailing-stop' && trailing === undefined) throw new ApiError(400, 'input.invalid', 'a trailing stop needs "trailing": a percent (2%) or a price distance (150)', 'trailing');
  if (trailing !== undefined && price !== undefined) throw new ApiError(400, 'input.invalid', 'a trailing stop is a stop-market order: leave "price" out', 'price');
  const stopPrice = b.stopPrice as number | undefined;
  if (stopPrice !== undefined && trailing !== undefined) throw new ApiError(400, 'input.invalid', 'a trailing stop\'s trigger follows the price: leave "stopPrice" out (its start is "activation")', 'stopPrice');
  if (type === 'market' && price !== undefined) throw new ApiError(400, 'input.invalid', '"price" is for a limit order: leave it out for a market order, or say "type": "limit"', 'price');
  if (type === 'limit' && price === undefined) throw new ApiError(400, 'input.invalid', 'a limit order needs "price"', 'price');
  const tp = b.tp as number | undefined;
  const sl = b.sl as number | undefined;
  if ((tp === undefined) !== (sl === undefined)) throw new ApiError(400, 'input.invalid', 'a bracket needs both "tp" (take-profit) and "sl" (stop-loss)', tp === undefined ? 'tp' : 'sl');
  const tif = (b.tif as TimeInForce | undefined) ?? 'GTC';
  if ((trailing !== undefined || stopPrice !== undefined || b.reduceOnly === true || tif !== 'GTC' || b.postOnly === true) && tp !== undefined) throw new ApiError(400, 'input.invalid', 'a bracket ("tp", "sl") is a plain market or limit entry: not with "trailing", "stopPrice", "reduceOnly", "tif" or "postOnly"', 'tp');
  const order: Omit<OrderRequest, 'venue'> = {
    symbol: b.symbol as string, side, type, qty: b.quantity as number, ...(price === undefined ? {} : { price }), tif,
    ...(trailing === undefined ? {} : { trailing }), ...(b.postOnly === true ? { postOnly: true } : {}),
    ...(stopPrice === undefined ? {} : { stopPrice }), ...(b.reduceOnly === true ? { reduceOnly: true } : {}),
  };
  const terms = `${stopPrice === undefined ? '' : ` --stop ${stopPrice}`}${trailing === undefined ? '' : ` --trailing ${b.trailing as string}${trailing.activation === undefined ? '' : ` --activation ${trailing.activation}`}`}${tif === 'GTC' ? '' : ` --tif ${tif}`}${b.postOnly === true ? ' --post-only' : ''}${b.reduceOnly === true ? ' --reduce-only' : ''}`;
  session.record(`${side} ${order.symbol} ${order.qty}${price === undefined ? '' : ` ${price}`}${terms}${tp === undefined ? '' : ` --tp ${tp} --sl ${sl}`}${b.force ? ' --force' : ''}`, 'api');
  // The fat-finger guard asks twice, as on the keyboard: `force` is the API's --force.
  if (b.force !== true) {
    const warnings = knownSymbol(ctx, order.symbol) ? session.preview({ ...order, symbol: session.symbol(order.symbol) }).warnings : [];
    if (warnings.length) return { status: 422, body: errorBody('order.confirm', `not sent: ${warnings.join('; ')}. Check it, then send it again with "force": true`) };
  }
  const r = tp !== undefined && sl !== undefined ? await session.bracket({ symbol: order.symbol, side, qty: order.qty, price, tp, sl }) : await session.order(order);
  if (!r.ok) return refusalReply(r.refusal);
  // Placed and recorded, but the exchange said no: a refusal the trader sees, with the order as it stands.
  if (r.order.status === 'rejected') return { status: 422, body: { ...errorBody('venue.rejected', r.order.reason ?? 'the exchange rejected the order'), order: r.order } };
  return created(r.order);
}

/** The body's trailing terms (`"trailing": "2%"`, `"activation": 95000`), or undefined; bad ones are a 400 saying why. */
function trailingOf(b: CheckedBody): TrailingTerms | undefined {
  if (b.trailing === undefined) {
    if (b.activation !== undefined) throw new ApiError(400, 'input.invalid', '"activation" is for a trailing stop: add "trailing"', 'activation');
    return undefined;
  }
  const activation = b.activation as number | undefined;
  if (activation !== undefined && !(activation > 0)) throw new ApiError(400, 'input.invalid', `bad "activation" ${activation}: a positive price`, 'activation');
  const parsed = parseTrailing(String(b.trailing), activation);
  if (!parsed.ok) throw new ApiError(400, 'input.invalid', parsed.error, 'trailing');
  return parsed.terms;
}

/** Whether the symbol is a market of the venue (else the order path refuses it with its own code). */
function knownSymbol(ctx: ApiContext, symbol: string): boolean {
  try {
    ctx.session.symbol(symbol);
    return true;
  } catch {
    return false;
  }
}

export async function cancelOrder(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const id = req.params.id;
  // The shell's rule for an id: what `orders` lists.
  if (!/^\d{1,12}$/.test(id)) throw new ApiError(400, 'input.invalid', `bad order id "${id.slice(0, 40)}": ids are whole numbers, as GET /api/v1/orders lists them`, 'id');
  const clean = String(Number(id));
  ctx.session.record(`cancel ${clean}`, 'api');
  const r = await ctx.session.cancel(clean);
  return r.ok ? done(r.order) : refusalReply(r.refusal);
}

/** `DELETE /orders`: every open order, or those of `symbol`; each failed cancel is a problem in the answer. */
export async function cancelAllOrders(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const symbol = req.query.get('symbol') ?? undefined;
  if (symbol !== undefined && !knownSymbol(ctx, symbol)) return refusalReply(refusal('market.unknown', `unknown market "${symbol.slice(0, 40)}": nothing was cancelled`, 'symbol'));
  ctx.session.record(`cancel --all${symbol === undefined ? '' : ` ${symbol}`} --yes`, 'api');
  return done(await ctx.session.cancelAll(symbol));
}

export async function startStrategy(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const b = req.body as CheckedBody;
  const params = (b.params ?? {}) as Readonly<Record<string, number>>;
  const exits = parseExits({ stopLoss: b.stopLoss, takeProfit: b.takeProfit, trailing: b.trailing });
  const spec = { strategy: b.strategy as string, symbol: b.symbol as string, timeframe: b.timeframe as string | undefined, size: b.size as string | undefined, params, exits };
  // Recorded as a trader would type it (--every 1h, not its milliseconds, which start refuses).
  const words = [`start ${spec.strategy} ${spec.symbol}`, spec.timeframe && `--timeframe ${spec.timeframe}`, spec.size && `--size ${spec.size}`, formatExits(exits), ...Object.entries(params).map(([k, v]) => `--${k} ${paramValueText(ALL_STRATEGIES.find((d) => d.name === spec.strategy)?.params[k], v)}`)];
  ctx.session.record(words.filter(Boolean).join(' '), 'api');
  return created(await ctx.session.startStrategy(spec));
}

export async function stopStrategy(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const id = req.params.id;
  const close = flag(req.query, 'close');
  if (!ctx.session.strategies().some((s) => s.id === id)) {
    throw new ApiError(404, 'strategy.not-found', `no strategy instance "${id.slice(0, 60)}" on ${ctx.session.label} (GET /api/v1/strategies lists them)`, 'id');
  }
  ctx.session.record(`stop ${id}${close ? ' --close --yes' : ''}`, 'api');
  return done(await ctx.session.stopStrategy(id, { close }));
}

/**
 * `strategies write-off ID --yes` (a POST is the confirmation): what the account no longer holds
 * of the instance's own position leaves its claim (engine/strategy-write-off.ts); nothing gone is
 * a refusal, `strategy.write-off`, with why.
 */
export async function writeOffStrategy(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const id = req.params.id;
  if (!ctx.session.strategies().some((s) => s.id === id)) {
    throw new ApiError(404, 'strategy.not-found', `no strategy instance "${id.slice(0, 60)}" on ${ctx.session.label} (GET /api/v1/strategies lists them)`, 'id');
  }
  ctx.session.record(`strategies write-off ${id} --yes`, 'api');
  const plan = await ctx.session.writeOffStrategies([id], 'api');
  if (plan.items.length === 0) return refusalReply(refusal('strategy.write-off', `nothing to write off: ${plan.kept.map((k) => k.why).join('; ')}`, 'id'), { kept: plan.kept });
  return done(plan);
}

export async function flatten(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  // As the shell's `flatten REASON --yes` (a POST is the confirmation), and its default reason.
  const given = (req.body as CheckedBody).reason as string | undefined;
  ctx.session.record(`flatten ${given === undefined ? '' : `${given} `}--yes`, 'api');
  const reason = given ?? 'flatten';
  return done(await ctx.session.flatten({ reason, source: 'api' }));
}

export async function resume(ctx: ApiContext): Promise<ApiReply> {
  ctx.session.record('resume', 'api');
  await ctx.session.resume({ source: 'api' });
  return done({ halted: ctx.session.halted() ?? null });
}

/**
 * A TradingView-style signal: the token is in the body (TradingView cannot set headers) and is
 * the signal token, not the API's. It is checked here in constant time and taken out before the
 * signal goes on. Every body goes to the port, read or not (a string when it is not JSON): the
 * port records every signal, accepted or refused, and its refusal is the answer.
 */
export async function signal(ctx: ApiContext, req: ApiRequest): Promise<ApiReply> {
  const raw = req.body;
  const object = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : undefined;
  const { token, ...rest } = object ?? {};
  const authentic = typeof token === 'string' && tokenMatches(token, ctx.signalToken());
  const r = await ctx.session.signal(object ? rest : raw, { authentic });
  if (r.accepted || r.duplicate) return done(r);
  if (r.refusal) return refusalReply(r.refusal, { accepted: false });
  // A port that refuses without saying why (it should not): the token, or a plain refusal.
  return authentic ? { status: 422, body: { ...errorBody('signal.refused', 'the signal was not acted on'), accepted: false } } : { status: 401, body: { ...errorBody('auth.token', 'the signal token is missing or wrong (atapi api token --signals prints it)'), accepted: false } };
}
