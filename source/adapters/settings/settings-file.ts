import Conf from 'conf';
import { checkSettings, defaultSettings, isSettingKey, parseSetting, UserError, type SettingKey, type SettingValues } from '../../domain/index.js';

/** Settings kept with `conf` in the data directory (`settings.json`), validated on every read. */
export class SettingsFile {
  private readonly conf: Conf<Record<string, unknown>>;

  constructor(dataDir: string) {
    this.conf = new Conf<Record<string, unknown>>({ projectName: 'atapi', cwd: dataDir, configName: 'settings', clearInvalidConfig: false, accessPropertiesByDotNotation: false });
  }

  get path(): string {
    return this.conf.path;
  }

  /** Every setting, stored values over defaults; a bad stored value falls back to its default. */
  values(): SettingValues {
    const out = defaultSettings() as Record<string, number | string>;
    for (const [k, v] of Object.entries(this.conf.store)) {
      if (!isSettingKey(k)) continue;
      const p = parseSetting(k, String(v));
      if (p.ok) out[k] = p.value;
    }
    return out as SettingValues;
  }

  set(key: string, raw: string): void {
    const p = parseSetting(key, raw);
    if (!p.ok) throw new UserError(p.error);
    const next = { ...this.values(), [key]: p.value } as SettingValues;
    const problem = checkSettings(next);
    if (problem) throw new UserError(problem);
    this.conf.set(key, p.value);
  }

  reset(key: SettingKey): void {
    this.conf.delete(key);
  }
}
