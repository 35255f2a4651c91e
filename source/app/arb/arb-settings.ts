import type { SettingValues } from '../../domain/settings.js';
import type { ArbRules } from '../../engine/arb/cross-edge.js';

/** When an arbitrage quote is not to be traded, from `atapi config`. */
export function arbRules(values: SettingValues): ArbRules {
  return { staleMs: values['arb.staleSeconds'] * 1000, sanityPercent: values['arb.sanityPercent'] };
}
