import { messageText, room, type Channel, type SendOutcome } from './delivery.js';
import { postJson, SEND_TIMEOUT_MS, type Fetch } from './http-post.js';

export const TELEGRAM_API_ROOT = 'https://api.telegram.org';
/** Telegram's longest message text. */
export const TELEGRAM_MAX_CHARS = 4096;

export interface TelegramOptions {
  /** `notify.telegram.apiRoot` (tests: a local fake). */
  readonly apiRoot: string;
  readonly token: string;
  readonly fetch?: Fetch;
  /** Removes the token from anything that is logged. */
  readonly redact: (text: string) => string;
}

/** The parts of the Bot API's objects atapi reads. */
export interface TelegramUpdate {
  readonly update_id: number;
  readonly message?: { readonly message_id: number; readonly chat: { readonly id: number }; readonly from?: { readonly id: number; readonly username?: string }; readonly text?: string };
  readonly callback_query?: { readonly id: string; readonly data?: string; readonly from: { readonly id: number; readonly username?: string }; readonly message?: { readonly message_id: number; readonly chat: { readonly id: number } } };
}

/** An inline keyboard: rows of buttons whose `callback_data` comes back in a `callback_query`. */
export type InlineKeyboard = readonly (readonly { readonly text: string; readonly callback_data: string }[])[];

export interface TelegramApi {
  sendMessage(chatId: number, text: string, o?: { readonly silent?: boolean; readonly keyboard?: InlineKeyboard }): Promise<SendOutcome & { readonly messageId?: number }>;
  editMessageText(chatId: number, messageId: number, text: string): Promise<SendOutcome>;
  answerCallbackQuery(id: string, text?: string): Promise<SendOutcome>;
  /** Long poll: updates after `offset`, waiting up to `timeoutS` for one. */
  getUpdates(offset: number, timeoutS: number, abort?: AbortSignal): Promise<{ readonly ok: true; readonly updates: readonly TelegramUpdate[] } | (SendOutcome & { readonly ok: false })>;
}

/** The Bot API over `fetch` (POST JSON to `{apiRoot}/bot{token}/{method}`); the token stays out of every error. */
export function telegramApi(o: TelegramOptions): TelegramApi {
  const f = o.fetch ?? fetch;
  const url = (method: string): string => `${o.apiRoot.replace(/\/+$/, '')}/bot${o.token}/${method}`;
  const call = (method: string, body: Record<string, unknown>, timeoutMs = SEND_TIMEOUT_MS, abort?: AbortSignal) => postJson(f, url(method), body, o.redact, timeoutMs, abort);
  const result = (body: unknown): unknown => (body as { result?: unknown } | undefined)?.result;
  return {
    async sendMessage(chatId, text, s = {}) {
      const r = await call('sendMessage', { chat_id: chatId, text: text.slice(0, TELEGRAM_MAX_CHARS), disable_notification: s.silent === true, ...(s.keyboard ? { reply_markup: { inline_keyboard: s.keyboard } } : {}) });
      if (!r.ok) return r;
      const id = (result(r.body) as { message_id?: unknown } | undefined)?.message_id;
      return typeof id === 'number' ? { ok: true, messageId: id } : { ok: true };
    },
    editMessageText: (chatId, messageId, text) => call('editMessageText', { chat_id: chatId, message_id: messageId, text: text.slice(0, TELEGRAM_MAX_CHARS) }),
    answerCallbackQuery: (id, text) => call('answerCallbackQuery', { callback_query_id: id, ...(text ? { text } : {}) }),
    async getUpdates(offset, timeoutS, abort) {
      const r = await call('getUpdates', { offset, timeout: timeoutS, allowed_updates: ['message', 'callback_query'] }, timeoutS * 1000 + SEND_TIMEOUT_MS, abort);
      if (!r.ok) return r;
      const updates = result(r.body);
      return { ok: true, updates: Array.isArray(updates) ? (updates.filter(isUpdate) as TelegramUpdate[]) : [] };
    },
  };
}

function isUpdate(u: unknown): boolean {
  return typeof u === 'object' && u !== null && typeof (u as { update_id?: unknown }).update_id === 'number';
}

/** One chat as a notification channel: a burst becomes one message under `header`; silent only if all of it is. */
export function telegramChannel(api: TelegramApi, chatId: number, header?: string): Channel {
  return {
    name: `telegram chat ${chatId}`,
    maxChars: room(TELEGRAM_MAX_CHARS, header),
    send: (batch) => api.sendMessage(chatId, messageText(batch, header), { silent: batch.every((n) => n.silent) }),
  };
}
