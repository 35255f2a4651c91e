import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * ccxt pro's class for the exchange `id` (already checked: lower-case letters and digits),
 * loaded alone: undefined when that cannot be done (the caller then loads all of ccxt).
 *
 * WHY: ccxt's entry requires every one of its ~140 exchanges, REST and pro, before it returns:
 * about 0.4 s of CPU on this machine, most of the sandbox's first screen. One pro exchange
 * with what it needs (its REST class, the base exchange, the websocket client) is about 40%
 * of that. ccxt exports only its entry, so its files are required by path; its CommonJS
 * build's two helpers run first, as the entry itself does. Nothing else in the entry is
 * state (it only gathers the classes into one object), so the class is the same one.
 * A ccxt whose files are laid out otherwise (another version) simply takes the long way.
 */
export function ccxtProClassAlone<T>(id: string): T | undefined {
  try {
    const load = createRequire(import.meta.url);
    // The entry for `require`: dist/ccxt.cjs, beside dist/cjs/ (ccxt 4.x).
    const cjs = path.join(path.dirname(load.resolve('ccxt')), 'cjs');
    const file = path.join(cjs, 'src', 'pro', `${id}.js`);
    if (!fs.existsSync(file)) return undefined;
    load(path.join(cjs, '_virtual', '_commonjsHelpers.js'));
    load(path.join(cjs, '_virtual', 'index.cjs.js'));
    const Ctor = (load(file) as { default?: unknown }).default;
    return typeof Ctor === 'function' ? (Ctor as T) : undefined;
  } catch {
    return undefined;
  }
}
