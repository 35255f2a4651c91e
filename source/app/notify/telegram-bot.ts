import { randomBytes } from 'node:crypto';
import { UserError } from '../../domain/index.js';
import type { Session } from '../session/session.js';
import type { DaemonStatus } from '../daemon/protocol.js';
import type { TelegramApi, TelegramUpdate } from './telegram-api.js';
import { BOT_COMMANDS, telegramHelp, type ReplyContext } from './telegram-replies.js';
import { describeFlatten, describeResume, flattenPreview } from '../../format/flatten-text.js';
import { daemonDirCommand } from '../daemon/daemon-hints.js';

export interface TelegramBotOptions {
  readonly api: TelegramApi;
  /** `notify.telegram.chatIds`: the only chats answered; anything else is logged and ignored. */
  readonly chatIds: ReadonlySet<number>;
  readonly session: Session;
  /** The daemon's status, as `atapi daemon status` and the API show it. */
  readonly status: () => DaemonStatus;
  readonly log?: (event: string, fields?: Record<string, unknown>) => void;
  readonly clock?: () => number;
  /** Long-poll wait (s, default 25; tests: 0 or 1). */
  readonly pollTimeoutS?: number;
  /** First wait after a failed poll (ms, default 1000, doubled up to 30 s). */
  readonly retryMs?: number;
  /** How long a confirm button stays good (ms, default one minute). */
  readonly confirmMs?: number;
}

export interface TelegramBot {
  /** Stops polling (the poll in flight is aborted); resolves once the loop has ended. */
  stop(): Promise<void>;
}

/** A command that moves money, waiting for its button. */
type Action = { readonly kind: 'stop'; readonly id: string; readonly close: boolean } | { readonly kind: 'flatten' } | { readonly kind: 'resume' };

interface Pending {
  readonly chatId: number;
  readonly action: Action;
  readonly line: string;
  readonly expires: number;
}

/**
 * The bot's commands by long polling `getUpdates`: reads answer at once from the session's
 * reads; `/stop`, `/flatten` and `/resume` answer with a confirm button and act only when it
 * is pressed, in the same chat, within the minute (a button is good once). Every command from
 * an authorised chat is recorded in the ledger with source `telegram`.
 */
export function startTelegramBot(o: TelegramBotOptions): TelegramBot {
  const { api, session } = o;
  const log = o.log ?? (() => undefined);
  const clock = o.clock ?? Date.now;
  const confirmMs = o.confirmMs ?? 60_000;
  const pending = new Map<string, Pending>();
  // PnL periods are of the wall clock (the injected clock times the buttons).
  const replies: ReplyContext = { session, status: o.status, fills: session.fills, now: Date.now };
  const abort = new AbortController();
  let offset = 0;

  const reply = async (chatId: number, text: string): Promise<void> => {
    const r = await api.sendMessage(chatId, text);
    if (!r.ok) log('telegram-reply-failed', { chat: chatId, error: r.error });
  };

  const onMessage = async (m: NonNullable<TelegramUpdate['message']>): Promise<void> => {
    const text = (m.text ?? '').trim();
    if (!o.chatIds.has(m.chat.id)) {
      log('telegram-unauthorised', { chat: m.chat.id, from: m.from?.username ?? m.from?.id, command: text.split(/\s/, 1)[0]?.slice(0, 40) });
      return;
    }
    if (!text.startsWith('/')) return reply(m.chat.id, 'commands start with /: /help lists them');
    const line = text.slice(0, 200);
    session.record(line, 'telegram');
    const [head = '', ...args] = line.split(/\s+/);
    // `/status@MyBot` in a group names the bot.
    const command = head.toLowerCase().replace(/@\w+$/, '');
    const confirm = (action: Action, question: string): Promise<void> => ask(m.chat.id, action, line, question);
    const read = BOT_COMMANDS.find((c) => c.reply && c.name === command)?.reply;
    if (read) return reply(m.chat.id, read(replies, args));
    switch (command) {
      case '/start':
        return reply(m.chat.id, telegramHelp());
      case '/stop': {
        const [id, flag] = args;
        const running = session.strategies().filter((v) => v.status === 'running').map((v) => v.id);
        if (!id || args.length > 2 || (flag !== undefined && flag !== 'close')) return reply(m.chat.id, 'usage: /stop ID [close] (close: also sell what it holds); /strategies lists the ids');
        if (!running.includes(id)) return reply(m.chat.id, `no running strategy "${id.slice(0, 40)}"; running: ${running.join(', ') || 'none'}`);
        // With close, the same line `stop ID --close` confirms with: what will be sold, or that it owns nothing.
        return confirm({ kind: 'stop', id, close: flag === 'close' }, `Stop strategy ${id}?${flag === 'close' ? ` ${session.closePreview(id).text}` : ''}`);
      }
      case '/flatten':
        // The same preview the shell and the app show: exactly what the button will do now.
        return confirm({ kind: 'flatten' }, `FLATTEN ${session.label} (${session.mode})? It would ${flattenPreview(session)}.`);
      case '/resume':
        return confirm({ kind: 'resume' }, 'Resume: take new orders again? (strategies the halt stopped stay stopped)');
      default:
        return reply(m.chat.id, `unknown command ${command.slice(0, 40)}: /help lists them`);
    }
  };

  const ask = async (chatId: number, action: Action, line: string, question: string): Promise<void> => {
    const nonce = randomBytes(8).toString('hex');
    pending.set(nonce, { chatId, action, line, expires: clock() + confirmMs });
    const r = await api.sendMessage(chatId, `${question}\n(the button expires in ${Math.round(confirmMs / 1000)} s)`, {
      keyboard: [
        [
          { text: 'Confirm', callback_data: `ok:${nonce}` },
          { text: 'Cancel', callback_data: `no:${nonce}` },
        ],
      ],
    });
    if (!r.ok) log('telegram-reply-failed', { chat: chatId, error: r.error });
  };

  const onCallback = async (q: NonNullable<TelegramUpdate['callback_query']>): Promise<void> => {
    const chatId = q.message?.chat.id;
    if (chatId === undefined || !o.chatIds.has(chatId)) {
      log('telegram-unauthorised', { chat: chatId, from: q.from.username ?? q.from.id, button: true });
      return;
    }
    const [verb, nonce = ''] = (q.data ?? '').split(':');
    const p = pending.get(nonce);
    // Good once, in its own chat, within its minute: anything else does nothing.
    if (!p || p.chatId !== chatId || clock() > p.expires) {
      if (p && clock() > p.expires) pending.delete(nonce);
      await api.answerCallbackQuery(q.id, 'this button has expired: send the command again');
      return;
    }
    pending.delete(nonce);
    const messageId = q.message?.message_id;
    const finish = async (text: string): Promise<void> => {
      const r = messageId === undefined ? await api.sendMessage(chatId, text) : await api.editMessageText(chatId, messageId, text);
      if (!r.ok) log('telegram-reply-failed', { chat: chatId, error: r.error });
    };
    if (verb !== 'ok') {
      await api.answerCallbackQuery(q.id, 'cancelled');
      return finish(`cancelled: ${p.line}`);
    }
    await api.answerCallbackQuery(q.id);
    session.record(`${p.line} (confirmed)`, 'telegram');
    return finish(await act(p.action));
  };

  const act = async (a: Action): Promise<string> => {
    try {
      switch (a.kind) {
        case 'stop':
          return (await session.stopStrategy(a.id, { close: a.close })).text;
        case 'flatten': {
          // The shell's default reason: a halt reads the same whichever door it came through.
          return describeFlatten(await session.flatten({ reason: 'flatten', source: 'telegram' }), session);
        }
        case 'resume': {
          const was = session.halted();
          await session.resume({ source: 'telegram' });
          return describeResume(was);
        }
      }
    } catch (err) {
      if (err instanceof UserError) return `not done: ${err.message}`;
      log('telegram-command-failed', { action: a.kind, error: (err as Error)?.message ?? String(err) });
      const dir = o.status().dataDir;
      return `not done: ${(err as Error)?.message ?? String(err)} (see ${dir === undefined ? 'atapi daemon logs' : daemonDirCommand('logs', dir)})`;
    }
  };

  const handle = async (u: TelegramUpdate): Promise<void> => {
    for (const [k, p] of pending) if (clock() > p.expires + confirmMs) pending.delete(k);
    try {
      if (u.message) await onMessage(u.message);
      else if (u.callback_query) await onCallback(u.callback_query);
    } catch (err) {
      // One bad update must not stop the bot: it is logged and the next one is read.
      log('telegram-update-failed', { update: u.update_id, error: (err as Error)?.message ?? String(err) });
    }
  };

  const loop = (async () => {
    let failures = 0;
    while (!abort.signal.aborted) {
      const r = await api.getUpdates(offset, o.pollTimeoutS ?? 25, abort.signal);
      if (abort.signal.aborted) break;
      if (!r.ok) {
        failures++;
        if (failures === 1) log('telegram-poll-failed', { error: r.error });
        const wait = Math.max(r.retryAfterMs ?? 0, Math.min(30_000, (o.retryMs ?? 1000) * 2 ** (failures - 1)));
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, wait);
          abort.signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
        });
        continue;
      }
      if (failures > 0) log('telegram-poll-back', { after: failures });
      failures = 0;
      for (const u of r.updates) {
        // Acknowledged by the next poll's offset, handled or not: a poison update is not read forever.
        offset = Math.max(offset, u.update_id + 1);
        await handle(u);
      }
    }
  })();

  return {
    async stop() {
      abort.abort();
      await loop;
      // Telegram forgets updates only when a later poll names a higher offset: say so now, or
      // the next start would be handed again the commands this run already answered.
      if (offset > 0) await api.getUpdates(offset, 0, AbortSignal.timeout(2_000));
    },
  };
}
