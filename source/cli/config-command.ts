import { isSettingKey, SETTINGS, UserError } from '../domain/index.js';
import { SettingsFile } from '../adapters/settings/settings-file.js';
import { table } from '../format/format.js';
import { daemonStatusOrNone } from '../app/daemon/daemon-client.js';
import type { DaemonInfo } from '../app/daemon/protocol.js';
import type { CommandHandler, CliIO } from './io.js';
import { daemonDirCommand } from '../app/daemon/daemon-hints.js';

const HELP = `usage: atapi config [list | get KEY | set KEY VALUE | reset [KEY]] [--json]

Settings live in settings.json in the data directory; reset with no key starts it over
(a file that is not valid settings is kept beside it). A running daemon reads them when it
starts: a change applies to it once it is restarted (set and reset say so beside one). Keys:
${Object.entries(SETTINGS)
  .map(([k, s]) => `  ${k.padEnd(26)} ${s.description} (default ${s.default === '' ? 'empty' : s.default}${s.kind === 'number' ? `, ${s.min}..${s.max}` : s.kind === 'text' ? `; ${s.allowed}` : `; ${s.choices.join(' | ')}`})`)
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
  switch (verb) {
    case 'list': {
      // The one view that works on a broken file: what is wrong goes to stderr, the values it can vouch for to stdout.
      const { values, problems, invalid } = settings.inspect();
      for (const line of [invalid, ...problems.map((p) => `settings file ${settings.path}: ${p.error} (its default is used in this list)`)]) if (line) io.stderr.write(`atapi: ${line}\n`);
      const shown = values as Record<string, number | string>;
      return show(values, table([{ header: 'KEY' }, { header: 'VALUE', align: 'right' }, { header: 'DESCRIPTION' }], Object.entries(SETTINGS).map(([k, s]) => [k, String(shown[k]), s.description])));
    }
    case 'get': {
      if (!key || !isSettingKey(key)) throw new UserError(`config get needs a known key: ${Object.keys(SETTINGS).join(', ')}`);
      const value = settings.values()[key];
      return show({ [key]: value }, String(value));
    }
    case 'set':
      if (!key || value === undefined) throw new UserError('config set needs a key and a value, e.g. atapi config set risk.maxOrderNotional 1000');
      settings.set(key, value);
      await tellRunningDaemon(key, io);
      return show({ [key]: (settings.values() as Record<string, number | string>)[key] }, `${key} = ${(settings.values() as Record<string, number | string>)[key]}`);
    case 'reset':
      if (key === undefined) {
        const aside = settings.reset();
        await tellRunningDaemon(undefined, io);
        return show({ reset: true, keptAs: aside ?? null }, `settings reset to the defaults${aside ? ` (the old file is kept as ${aside})` : ''}`);
      }
      if (!isSettingKey(key)) throw new UserError(`config reset takes no key (all settings) or a known key: ${Object.keys(SETTINGS).join(', ')}`);
      settings.reset(key);
      await tellRunningDaemon(key, io);
      return show({ [key]: SETTINGS[key].default }, `${key} = ${SETTINGS[key].default} (default)`);
    default:
      throw new UserError(`unknown config action "${verb}"; use list, get, set or reset`);
  }
};

/**
 * A daemon reads the settings once, when it starts (its risk limits, the notification channels,
 * the API): a change written beside a running one does nothing until it restarts. Said on
 * stderr, so a trader who lowers a limit under a running strategy does not believe it holds.
 * `ui.*` settings are the app's, read when it opens; undefined key: all of them (reset).
 */
async function tellRunningDaemon(key: string | undefined, io: CliIO): Promise<void> {
  if (key?.startsWith('ui.')) return;
  const daemon = await daemonStatusOrNone(io.dataDir, io.env);
  if (daemon) io.stderr.write(`${settingsNotLiveText(daemon, io.dataDir)}\n`);
}

/** What `config set` says beside a running daemon: it still uses the settings it started with, and how to apply the change. */
export function settingsNotLiveText(daemon: Pick<DaemonInfo, 'pid' | 'startCommand'>, dataDir: string): string {
  // The daemon says the command that starts it again with its own flags (an older one does not).
  return `atapi: not applied yet: the daemon on ${dataDir} (pid ${daemon.pid}) read the settings when it started and goes on with the old ones until it restarts (${daemonDirCommand('stop', dataDir)}, then ${daemon.startCommand ?? 'atapi daemon start with the flags it was started with'})`;
}
