import type { DaemonStatus } from '../app/daemon/protocol.js';
import { haltText } from '../engine/halt.js';
import { channelText } from './notify-status-text.js';
import { spanText } from '../domain/span-text.js';
import { isoTime } from './format.js';
import { apiTokenCommand } from '../app/daemon/daemon-hints.js';

/** The run before a daemon's start that ended unclean, in words: `after an unclean stop: its last run (pid 5, started ...) was killed or crashed`. */
export function uncleanStopText(u: { readonly pid: number; readonly startedAt: number }): string {
  return `after an unclean stop: its last run (pid ${u.pid}, started ${isoTime(u.startedAt)} UTC) was killed or crashed`;
}

/** What a terminal attaching to a daemon started after an unclean stop is told (the Log's recap, the shell's banner). */
export function uncleanRestartText(pid: number, u: { readonly pid: number; readonly startedAt: number }): string {
  return `the daemon (pid ${pid}) started ${uncleanStopText(u)}`;
}

/**
 * The daemon's status as text, a row per figure: what `atapi daemon status` prints (`outside`)
 * and the shell's `daemon` command shows from an attached terminal (`attached`).
 */
export function formatStatus(s: DaemonStatus, asked: 'outside' | 'attached' = 'outside'): string {
  const rows: [string, string][] = [
    ['pid', String(s.pid)],
    ['uptime', spanText(s.uptimeMs)],
    ...(s.uncleanStop ? ([['restarted', uncleanStopText(s.uncleanStop)]] as [string, string][]) : []),
    ['venue', s.label],
    ['mode', s.mode.toUpperCase()],
    ...(s.futures ? ([['markets', 'spot and perpetuals']] as [string, string][]) : []),
    // An older daemon's status has no link: nothing is shown rather than a guess.
    ...(s.link ? ([['link', `${s.link.state}${s.link.detail ? ` (${s.link.detail})` : ''}`]] as [string, string][]) : []),
    ['strategies', s.strategies.length ? s.strategies.map((x) => `${x.id} (${x.name} ${x.symbol}${x.problem ? `; NOT RUNNING: ${x.problem}` : ''})`).join(', ') : 'none running'],
    ...(s.failed ?? []).map((x): [string, string] => ['failed', `${x.id} (${x.name} ${x.symbol}): ${x.reason}`]),
    // The daemon counts the terminals attached but the one asking: asked from one, it is said so.
    ['attached', asked === 'attached' ? `this terminal and ${s.clients} other(s)` : String(s.clients)],
    ['data dir', s.dataDir ?? '-'],
    ...(s.stopping ? ([['state', 'stopping: settling orders in flight']] as [string, string][]) : []),
    ...(s.halted ? ([['trading', `HALTED: ${haltText(s.halted)} (resume to trade again)`]] as [string, string][]) : []),
    ...(s.health ? ([['health', s.health.healthy ? 'ok' : `UNHEALTHY: ${s.health.problems.map((p) => p.text).join('; ')}`]] as [string, string][]) : []),
    ...(s.notify ?? []).map((c): [string, string] => ['notify', channelText(c)]),
    // Where the API is, since the port was chosen at start and is easily forgotten.
    ['api', s.api ? `${s.api} (token: ${s.dataDir === undefined ? 'atapi api token' : apiTokenCommand(s.dataDir)})` : `off (${s.startCommand ?? 'atapi daemon start'} --api-port N, or the setting api.port)`],
  ];
  return rows.map(([k, v]) => `${k.padEnd(11)}${v}`).join('\n');
}
