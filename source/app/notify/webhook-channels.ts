import { messageText, room, type Channel } from './delivery.js';
import { postJson, type Fetch } from './http-post.js';

export interface WebhookOptions {
  readonly fetch?: Fetch;
  /** Removes secrets (the webhook URL itself is one) from what is logged. */
  readonly redact: (text: string) => string;
  /** The first line of each message: which daemon, paper or live (`atapi SIM (paper)`). */
  readonly header?: string;
}


/** A Discord webhook: `{content}`, at most 2,000 characters a message. */
export function discordChannel(url: string, o: WebhookOptions): Channel {
  return { name: 'discord', maxChars: room(2000, o.header), send: (batch) => postJson(o.fetch ?? fetch, url, { content: messageText(batch, o.header) }, o.redact) };
}

/** A Slack incoming webhook: `{text}`. */
export function slackChannel(url: string, o: WebhookOptions): Channel {
  return { name: 'slack', maxChars: room(3000, o.header), send: (batch) => postJson(o.fetch ?? fetch, url, { text: messageText(batch, o.header) }, o.redact) };
}

/**
 * Any URL: `{source: "atapi", daemon, notifications: [{kind, text, silent, ts, id}]}`, one POST
 * per burst, so a script gets each notification apart with its kind. `id` (`<ledger>:<seq>`,
 * on ledger facts) is the same when a crash makes the daemon send it again: a receiver that
 * keeps the ids it has seen drops the repeat.
 */
export function webhookChannel(url: string, o: WebhookOptions): Channel {
  return {
    name: 'webhook',
    maxChars: 16_000,
    send: (batch) => postJson(o.fetch ?? fetch, url, { source: 'atapi', ...(o.header ? { daemon: o.header } : {}), notifications: batch.map((n) => ({ kind: n.kind, text: n.text, silent: n.silent, ts: n.ts, ...(n.id === undefined ? {} : { id: n.id }) })) }, o.redact),
  };
}
