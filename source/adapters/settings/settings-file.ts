import fs from 'node:fs';
import path from 'node:path';
import { checkSettings, defaultSettings, isSettingKey, parseSetting, storedSetting, UserError, type SettingKey, type SettingValues } from '../../domain/index.js';
import { makePrivateDir } from '../storage/private-dir.js';
import { nodeFs } from '../storage/storage-fs.js';

export const SETTINGS_FILE = 'settings.json';

/** Far above any real settings file: a larger one is not read (it is not ours, or broken). */
const MAX_BYTES = 64 * 1024;

/** What settings.json holds, read like input: nothing yet, an object of settings, or not settings. */
type Stored = { readonly kind: 'missing' } | { readonly kind: 'object'; readonly entries: Readonly<Record<string, unknown>> } | { readonly kind: 'invalid'; readonly why: string };

/** One stored setting that is refused: its key and the one-line reason (naming the value). */
export interface StoredProblem {
  readonly key: string;
  readonly error: string;
}

/**
 * Settings in the data directory's `settings.json`, a JSON object of `key: value`. Every read
 * checks the file as input: a file that is not such an object, a wrong-typed or out-of-bounds
 * value, an unknown key are refused with the file's name and how to fix or reset it, never
 * replaced by defaults unseen (a limit the trader set must not silently fall back). Written
 * 0600 in a 0700 directory, whole and durable (temp file, fsync, rename).
 */
export class SettingsFile {
  readonly path: string;

  constructor(private readonly dataDir: string) {
    this.path = path.join(dataDir, SETTINGS_FILE);
  }

  /** Every setting, stored values over defaults; throws a one-line UserError if the file is not valid. */
  values(): SettingValues {
    const { values, problems, invalid } = this.inspect();
    if (invalid) throw new UserError(invalid);
    this.refuse(problems);
    return values;
  }

  /**
   * For `config list` on a broken file: the values it can vouch for (defaults where a stored
   * one is refused), each refused key, and what is wrong with the whole file if it is not settings.
   */
  inspect(): { values: SettingValues; problems: StoredProblem[]; invalid?: string } {
    const stored = this.read();
    if (stored.kind === 'invalid') return { values: defaultSettings(), problems: [], invalid: this.invalidText(stored.why) };
    return fold(stored.kind === 'object' ? stored.entries : {});
  }

  set(key: string, raw: string): void {
    const p = parseSetting(key, raw);
    if (!p.ok) throw new UserError(p.error);
    const entries = this.entries();
    // Setting a key fixes that key; any other refused key still stands in the way.
    const { [key]: _old, ...rest } = entries;
    const { values, problems } = fold(rest);
    this.refuse(problems);
    const problem = checkSettings({ ...values, [key]: p.value } as SettingValues);
    if (problem) throw new UserError(problem);
    this.write({ ...entries, [key]: p.value });
  }

  /** Back to the default: one key, or (no key) the whole file, which is kept aside, never deleted. */
  reset(key?: SettingKey): string | undefined {
    if (key === undefined) return this.setAside();
    const entries = { ...this.entries() };
    delete entries[key];
    this.write(entries);
    return undefined;
  }

  /** The stored object, for an edit; a file that is not settings can only be reset whole. */
  private entries(): Record<string, unknown> {
    const stored = this.read();
    if (stored.kind === 'invalid') throw new UserError(this.invalidText(stored.why));
    return stored.kind === 'object' ? { ...stored.entries } : {};
  }

  private refuse(problems: readonly StoredProblem[]): void {
    const first = problems[0];
    if (!first) return;
    const fix = isSettingKey(first.key) ? `atapi config set ${first.key} VALUE, or atapi config reset ${first.key}` : 'atapi config reset (the file is kept beside it)';
    throw new UserError(`settings file ${this.path}: ${first.error}; fix it with ${fix}`);
  }

  private invalidText(why: string): string {
    return `settings file ${this.path} ${why}: reset it with atapi config reset (the file is kept beside it)`;
  }

  private read(): Stored {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(this.path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { kind: 'missing' };
      return { kind: 'invalid', why: `cannot be read (${code ?? (err as Error).message})` };
    }
    if (st.isDirectory()) return { kind: 'invalid', why: 'is a directory, not a file' };
    if (!st.isFile()) return { kind: 'invalid', why: 'is not a regular file' };
    if (st.size > MAX_BYTES) return { kind: 'invalid', why: `is ${st.size} bytes, more than settings take (${MAX_BYTES})` };
    let value: unknown;
    try {
      value = JSON.parse(fs.readFileSync(this.path, 'utf8'));
    } catch (err) {
      return { kind: 'invalid', why: err instanceof SyntaxError ? `is not JSON (${err.message.slice(0, 80)})` : `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { kind: 'invalid', why: `holds ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}, not an object of settings` };
    }
    return { kind: 'object', entries: value as Record<string, unknown> };
  }

  private write(entries: Record<string, unknown>): void {
    makePrivateDir(this.dataDir);
    const tmp = `${this.path}.${process.pid}.tmp`;
    try {
      nodeFs.writeFileDurable(tmp, `${JSON.stringify(entries, null, '\t')}\n`);
      nodeFs.rename(tmp, this.path);
    } catch (err) {
      nodeFs.remove(tmp);
      throw new UserError(`cannot write the settings file ${this.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  /** Renames the file (whatever it is, a directory too) aside; returns where it went. */
  private setAside(): string | undefined {
    if (this.read().kind === 'missing') return undefined;
    const aside = `${this.path}.reset-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      fs.renameSync(this.path, aside);
    } catch (err) {
      throw new UserError(`cannot reset the settings file ${this.path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    return aside;
  }
}

/** Stored values over defaults; a refused one keeps its default here and is listed. */
function fold(entries: Readonly<Record<string, unknown>>): { values: SettingValues; problems: StoredProblem[] } {
  const out = defaultSettings() as Record<string, number | string>;
  const problems: StoredProblem[] = [];
  for (const [k, v] of Object.entries(entries)) {
    const p = storedSetting(k, v);
    if (p.ok) out[k] = p.value;
    else problems.push({ key: k, error: p.error });
  }
  return { values: out as SettingValues, problems };
}
