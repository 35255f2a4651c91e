import { decimalsOf } from '../domain/index.js';

export { clean, floorToStep } from '../domain/index.js';

/** Rounds up to a multiple of `step` (a bound that a budget-limited fill can never reach). */
export function ceilToStep(value: number, step: number): number {
  const scale = 10 ** decimalsOf(step);
  return Math.round(Math.ceil(value / step - 1e-9) * step * scale) / scale;
}
