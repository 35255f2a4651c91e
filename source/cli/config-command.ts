import { isSettingKey, SETTINGS, UserError } from '../domain/index.js';
import { SettingsFile } from '../adapters/settings/settings-file.js';
import { table } from '../shell/format.js';
import type { CommandHandler } from './io.js';

const HELP = `usage: atapi config [list | get KEY | set KEY VALUE | reset KEY] [--json]

Settings live in settings.json in the data directory. Keys:
${Object.entries(SETTINGS)
  .map(([k, s]) => `  ${k.padEnd(26)} ${s.description} (default ${s.default}${s.kind === 'number' ? `, ${s.min}..${s.max}` : `; ${s.choices.join(' | ')}`})`)
  .join('\n')}`;

export const configCommand: CommandHandler = async (argv, io) => {
  const json = argv.includes('--json');
  const words = argv.filter((a) => a !== '--json');
  if (words.includes('--help') || words.includes('-h')) {
    io.stdout.write(`${HELP}\n`);
    return 0;
  }
  const settings = new SettingsFile(io.dataDir);
  const [verb = 'list', key, value, ...extra] = words;
  if (extra.length) throw new UserError(`too many arguments; ${HELP.split('\n')[0]}`);
  const show = (data: unknown, text: string): number => {
    io.stdout.write(`${json ? JSON.stringify(data, null, 2) : text}\n`);
    return 0;
  };
  const values = settings.values() as Record<string, number | string>;
  switch (verb) {
    case 'list':
      return show(values, table([{ header: 'KEY' }, { header: 'VALUE', align: 'right' }, { header: 'DESCRIPTION' }], Object.entries(SETTINGS).map(([k, s]) => [k, String(values[k]), s.description])));
    case 'get':
      if (!key || !isSettingKey(key)) throw new UserError(`config get needs a known key: ${Object.keys(SETTINGS).join(', ')}`);
      return show({ [key]: values[key] }, String(values[key]));
    case 'set':
      if (!key || value === undefined) throw new UserError('config set needs a key and a value, e.g. atapi config set risk.maxOrderNotional 1000');
      settings.set(key, value);
      return show({ [key]: (settings.values() as Record<string, number | string>)[key] }, `${key} = ${(settings.values() as Record<string, number | string>)[key]}`);
    case 'reset':
      if (!key || !isSettingKey(key)) throw new UserError(`config reset needs a known key: ${Object.keys(SETTINGS).join(', ')}`);
      settings.reset(key);
      return show({ [key]: SETTINGS[key].default }, `${key} = ${SETTINGS[key].default} (default)`);
    default:
      throw new UserError(`unknown config action "${verb}"; use list, get, set or reset`);
  }
};
