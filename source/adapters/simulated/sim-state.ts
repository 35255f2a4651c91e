import fs from 'node:fs';
import path from 'node:path';

/**
 * What the simulated exchange keeps in its directory (the sim ledger's), so that one data
 * directory is one simulated market: every one-shot, shell and app session on it starts the
 * same coins at the same prices with the same 24h figures, and `marketcap --now` ranks them.
 */
const SEED_FILE = 'sim-seed';
const PRICES_FILE = 'sim-market.json';

/** The market's seed: the one kept in `dir`, or a fresh one (`fresh()`) kept there from now on. */
export function simSeed(dir: string, fresh: () => number): number {
  const file = path.join(dir, SEED_FILE);
  const kept = readSeed(file);
  if (kept !== undefined) return kept;
  const seed = fresh();
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // `wx`: two first uses at once keep the first seed written; the loser reads it back.
    fs.writeFileSync(file, `${seed}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    /* unwritable, or written by another process just now: what is there wins, else this run's */
  }
  return readSeed(file) ?? seed;
}

function readSeed(file: string): number | undefined {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(n) && n >= 0 && n <= 2 ** 31 ? n : undefined;
  } catch {
    return undefined;
  }
}

/** The file the market's last prices are kept in, to resume from. */
export function simPricesFile(dir: string): string {
  return path.join(dir, PRICES_FILE);
}

/** The last prices kept, by symbol (none when there are none or the file is unreadable). */
export function readPrices(file: string | undefined): Record<string, number> {
  if (!file) return {};
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { prices?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(parsed.prices ?? {}).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0));
  } catch {
    return {};
  }
}

export function writePrices(file: string, prices: Record<string, number>): void {
  try {
    fs.writeFileSync(file, JSON.stringify({ prices }), { mode: 0o600 });
  } catch {
    /* losing the resume point only means the next run starts at fresh prices */
  }
}
