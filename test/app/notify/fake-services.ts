import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Channel } from '../../../source/app/notify/delivery.js';
import type { Notification } from '../../../source/app/notify/notify-kinds.js';

/** A channel that always delivers, into `got`. */
export function memoryChannel(): Channel & { readonly got: Notification[] } {
  const got: Notification[] = [];
  return { name: 'memory', maxChars: 4000, got, send: async (b) => (got.push(...b), { ok: true }) };
}

/** A recorded call to a fake service. */
export interface Call {
  readonly method: string;
  readonly body: Record<string, unknown>;
}

/**
 * How a fake answers while it is "down": 503, or the connection closed without an answer;
 * `hang` takes the request (recorded in `hung`: the service got it) and never answers, as a
 * service does whose answer a crash cut off.
 */
export type Outage = 'up' | '503' | 'closed' | 'hang';

export interface FakeServer {
  readonly url: string;
  readonly calls: Call[];
  /** Requests refused or cut while down. */
  readonly failed: { count: number };
  /** Requests taken and never answered (`hang`). */
  readonly hung: Call[];
  outage: Outage;
  close(): Promise<void>;
}

type Handler = (method: string, body: Record<string, unknown>, res: http.ServerResponse) => void;

async function listen(handler: Handler, outageOf: () => Outage, failed: { count: number }, hung: Call[] = []): Promise<{ server: http.Server; url: string }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const outage = outageOf();
      if (outage !== 'up') failed.count++;
      if (outage === 'closed') return void req.socket.destroy();
      if (outage === 'hang') return void hung.push({ method: req.url ?? '', body: parseBody(chunks) });
      if (outage === '503') {
        res.writeHead(503, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ ok: false, error_code: 503, description: 'Service Unavailable' }));
      }
      handler(req.url ?? '', parseBody(chunks), res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function parseBody(chunks: readonly Buffer[]): Record<string, unknown> {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    // An empty or broken body is recorded as {}.
    return {};
  }
}

const json = (res: http.ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

/** A webhook that records each JSON body it is POSTed. */
export async function fakeWebhook(): Promise<FakeServer> {
  const calls: Call[] = [];
  const fake = { outage: 'up' as Outage, failed: { count: 0 }, hung: [] as Call[] };
  const { server, url } = await listen((path, body, res) => {
    calls.push({ method: path, body });
    res.writeHead(204).end();
  }, () => fake.outage, fake.failed, fake.hung);
  return Object.assign(fake, {
    url: `${url}/hook/secret-part`,
    calls,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  });
}

export interface FakeTelegram extends FakeServer {
  /** A chat sends the bot a text message. */
  message(chatId: number, text: string): void;
  /** A chat presses an inline button of message `messageId`. */
  press(chatId: number, data: string, messageId: number): void;
  /** The texts sent to `chatId`, in order. */
  sent(chatId: number): string[];
  /** Their lines, in order (a notification message is a header, then one notification a line). */
  lines(chatId: number): string[];
}

/**
 * The Bot API's methods atapi calls, on loopback: `getUpdates` (long polling with offsets),
 * `sendMessage`, `editMessageText`, `answerCallbackQuery`. A wrong token is a 401, as Telegram's.
 */
export async function fakeTelegram(token: string): Promise<FakeTelegram> {
  const calls: Call[] = [];
  const updates: Record<string, unknown>[] = [];
  let nextUpdate = 1;
  let nextMessage = 100;
  const polls = new Set<{ offset: number; res: http.ServerResponse; timer: NodeJS.Timeout }>();
  const fake = { outage: 'up' as Outage, failed: { count: 0 }, hung: [] as Call[] };

  const answerPolls = (): void => {
    for (const p of polls) {
      const ready = updates.filter((u) => (u.update_id as number) >= p.offset);
      if (ready.length === 0) continue;
      clearTimeout(p.timer);
      polls.delete(p);
      json(p.res, 200, { ok: true, result: ready });
    }
  };
  const push = (u: Record<string, unknown>): void => {
    updates.push({ update_id: nextUpdate++, ...u });
    answerPolls();
  };

  const { server, url } = await listen((path, body, res) => {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(path);
    if (!m || m[1] !== token) return json(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = m[2]!;
    calls.push({ method, body });
    switch (method) {
      case 'getUpdates': {
        const offset = typeof body.offset === 'number' ? body.offset : 0;
        // Telegram forgets what an offset acknowledges.
        while (updates.length && (updates[0]!.update_id as number) < offset) updates.shift();
        const timeout = typeof body.timeout === 'number' ? body.timeout : 0;
        const p = { offset, res, timer: setTimeout(() => (polls.delete(p), json(res, 200, { ok: true, result: [] })), timeout * 1000) };
        polls.add(p);
        return answerPolls();
      }
      case 'sendMessage':
        return json(res, 200, { ok: true, result: { message_id: nextMessage++, chat: { id: body.chat_id }, text: body.text } });
      case 'editMessageText':
      case 'answerCallbackQuery':
        return json(res, 200, { ok: true, result: true });
      default:
        return json(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    }
  }, () => fake.outage, fake.failed, fake.hung);

  return Object.assign(fake, {
    url,
    calls,
    message: (chatId: number, text: string) => push({ message: { message_id: nextMessage++, chat: { id: chatId }, from: { id: chatId, username: `user${chatId}` }, text } }),
    press: (chatId: number, data: string, messageId: number) => push({ callback_query: { id: `cb${nextUpdate}`, data, from: { id: chatId }, message: { message_id: messageId, chat: { id: chatId } } } }),
    sent: (chatId: number) => calls.filter((c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && c.body.chat_id === chatId).map((c) => String(c.body.text)),
    lines: (chatId: number) => calls.filter((c) => (c.method === 'sendMessage' || c.method === 'editMessageText') && c.body.chat_id === chatId).flatMap((c) => String(c.body.text).split('\n')),
    close: () =>
      new Promise<void>((resolve) => {
        for (const p of polls) clearTimeout(p.timer);
        polls.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Waits (by turns of the event loop and short pauses, never asserting a duration) until `ok` holds. */
export async function until(ok: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (Date.now() < end) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`never happened: ${what}`);
}
