import type { StrategySpec } from '../app/strategy-runtime/strategy-manager.js';
import { TIMEFRAMES, type Timeframe } from '../domain/index.js';
import { paramValueText, parseParamText, type AnyStrategyDefinition, type ParamSpec } from '../strategies/strategy.js';

/**
 * The start dialog's state: which strategy on which market, its timeframe, size and
 * parameters as typed. Plain data in the UI state; the session checks it on Enter.
 */
export interface StrategyStartForm {
  readonly strategy: string;
  readonly symbol: string;
  readonly timeframe: Timeframe;
  readonly size: string;
  /** Parameters in the strategy's order, as typed. */
  readonly params: readonly { readonly name: string; readonly value: string; readonly description: string; readonly unit?: ParamSpec['unit'] }[];
  /** Index of the field with the cursor: 0 timeframe, 1 size, 2.. the parameters. */
  readonly field: number;
  /** What the session refused, shown in the dialog until the next edit. */
  readonly error?: string;
  /** Enter was pressed and the start is on its way. */
  readonly busy?: boolean;
}

export function newStartForm(def: AnyStrategyDefinition, symbol: string, defaultSize: string): StrategyStartForm {
  return {
    strategy: def.name,
    symbol,
    timeframe: '1m',
    size: defaultSize,
    params: Object.entries(def.params).map(([name, p]) => ({ name, value: paramValueText(p, p.default), description: p.description, ...(p.unit ? { unit: p.unit } : {}) })),
    field: 1,
  };
}

export type StartFormAction =
  | { readonly type: 'move'; readonly step: 1 | -1 }
  | { readonly type: 'cycle'; readonly step: 1 | -1 }
  | { readonly type: 'type'; readonly text: string }
  | { readonly type: 'erase' }
  /** `at`: the request's field the refusal is about (`size`, `timeframe`, `params.fast`): the cursor goes there. */
  | { readonly type: 'refused'; readonly error: string; readonly at?: string }
  | { readonly type: 'sending' };

export const startFormFields = (f: StrategyStartForm): number => 2 + f.params.length;

/** The dialog's reducer: pure, so keys and tests drive it the same way. */
export function startFormReducer(f: StrategyStartForm, a: StartFormAction): StrategyStartForm {
  switch (a.type) {
    case 'move':
      return { ...f, field: (f.field + a.step + startFormFields(f)) % startFormFields(f) };
    case 'cycle': {
      if (f.field !== 0) return f;
      const i = TIMEFRAMES.indexOf(f.timeframe);
      return { ...f, timeframe: TIMEFRAMES[(i + a.step + TIMEFRAMES.length) % TIMEFRAMES.length], error: undefined };
    }
    case 'type':
    case 'erase': {
      if (f.field === 0) return f;
      const edit = (v: string) => (a.type === 'erase' ? v.slice(0, -1) : v.length < 20 ? v + a.text : v);
      if (f.field === 1) return { ...f, size: edit(f.size), error: undefined };
      const k = f.field - 2;
      return { ...f, params: f.params.map((p, i) => (i === k ? { ...p, value: edit(p.value) } : p)), error: undefined };
    }
    case 'refused':
      return { ...f, error: a.error, busy: false, field: fieldAt(f, a.at) ?? f.field };
    case 'sending':
      return { ...f, busy: true, error: undefined };
  }
}

/** The dialog's field a refusal is about (its `field`: `size`, `params.fast`), when the dialog has it. */
function fieldAt(f: StrategyStartForm, at: string | undefined): number | undefined {
  if (at === 'timeframe') return 0;
  if (at === 'size') return 1;
  const k = f.params.findIndex((p) => at === `params.${p.name}`);
  return k < 0 ? undefined : k + 2;
}

/** The start request the form stands for, or the first parameter that is not a number. */
export function startSpec(f: StrategyStartForm): { ok: true; spec: StrategySpec } | { ok: false; error: string; field: number } {
  const params: Record<string, number> = {};
  for (const [i, p] of f.params.entries()) {
    const n = parseParamText(p.name, p.value, p.unit);
    if (!n.ok) return { ok: false, error: n.error, field: i + 2 };
    params[p.name] = n.value;
  }
  return { ok: true, spec: { strategy: f.strategy, symbol: f.symbol, timeframe: f.timeframe, size: f.size.trim(), params } };
}
