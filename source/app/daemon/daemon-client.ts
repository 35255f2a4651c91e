import fs from 'node:fs';
import net from 'node:net';
import { UserError } from '../../domain/index.js';
import { readDaemonRecord, socketToTry } from './daemon-files.js';
import { encode, lineReader, STATUS_METHOD, type DaemonStatus, type ServerMessage } from './protocol.js';

/**
 * Asks the daemon of `dataDir` one question without attaching a session; undefined when no
 * daemon answers there (none started, or one that died and left its socket).
 */
export async function probeDaemon(dataDir: string, env: NodeJS.ProcessEnv = process.env, timeoutMs = 10_000): Promise<DaemonStatus | undefined> {
  const socketPath = socketToTry(dataDir, env);
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    socket.setEncoding('utf8');
    const finish = (v: DaemonStatus | undefined): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('connect', () => socket.write(encode({ id: 1, method: STATUS_METHOD, args: [] })));
    socket.on('data', lineReader(
      (line) => {
        // The hello comes first (with the state); only the answer matters here.
        if (!line.startsWith('{"type":"reply"')) return;
        const m = JSON.parse(line) as ServerMessage;
        if (m.type === 'reply' && m.id === 1) finish(m.result as DaemonStatus);
      },
      () => finish(undefined),
    ));
  });
}

/**
 * No daemon answers on a data directory. Its words say where and nothing more: what to type
 * next (the start command with this terminal's ledger flags, app/daemon/daemon-hints.ts) is the
 * caller's to add, which knows the flags.
 */
export class NoDaemonError extends UserError {}

/** The daemon's status, or a NoDaemonError saying none runs here. */
export async function daemonStatus(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<DaemonStatus> {
  const s = await probeDaemon(dataDir, env);
  if (!s) {
    const rec = readDaemonRecord(dataDir);
    throw new NoDaemonError(`no daemon runs on ${dataDir}${rec ? ` (pid ${rec.pid} recorded, not answering)` : ''}`);
  }
  return s;
}

/** The status of a daemon that answers quickly, for entry points deciding whether to attach. */
export async function daemonStatusOrNone(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<DaemonStatus | undefined> {
  // No record and no socket file: no daemon was ever started here, nothing to wait for.
  if (!readDaemonRecord(dataDir) && !fs.existsSync(socketToTry(dataDir, env))) return undefined;
  return probeDaemon(dataDir, env, 5_000);
}
