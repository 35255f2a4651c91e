import { defineCommand, fail, ok, usageError } from '../command-spec.js';
import { formatStatus } from '../../format/daemon-status-text.js';
import { daemonDirCommand } from '../../app/daemon/daemon-hints.js';

const spec = { usage: 'daemon [status]' };

/** The daemon's status from a terminal attached to it (the app's `:` line too): what `atapi daemon status` prints. */
export const daemonCommand = defineCommand<Record<string, never>>({
  name: 'daemon',
  summary: 'the status of the daemon this terminal is attached to: link, strategies, health, notification queues',
  usage: spec.usage,
  details: 'Only attached (atapi with a daemon running on the data directory); otherwise run atapi daemon status.',
  parse(w) {
    if (w.length > 1 || (w.length === 1 && w[0].toLowerCase() !== 'status')) return usageError(spec, 'daemon takes only "status"');
    return { ok: true, args: {} };
  },
  async run(session) {
    if (session.daemonStatus === undefined) return fail(`not attached to a daemon: this terminal runs its own session (${session.dataDir === undefined ? 'atapi daemon status' : daemonDirCommand('status', session.dataDir)}${session.daemonStart ? `, or ${session.daemonStart} to run one` : ''})`);
    const status = await session.daemonStatus();
    return ok(formatStatus(status, 'attached'), status);
  },
});
