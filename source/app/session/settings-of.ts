import fs from 'node:fs';
import path from 'node:path';
import { defaultSettings, type SettingValues } from '../../domain/settings.js';
import { SettingsFile } from '../../adapters/settings/settings-file.js';

/** The settings of a data directory, read only when it has a settings file (else the defaults; nothing is created). */
export function settingsOf(dataDir: string | undefined): SettingValues {
  return dataDir && fs.existsSync(path.join(dataDir, 'settings.json')) ? new SettingsFile(dataDir).values() : defaultSettings();
}
