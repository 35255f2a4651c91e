import type { Channel } from './delivery.js';
import { postJson, type Fetch } from './http-post.js';

export interface WebhookOptions {
  readonly fetch?: Fetch;
  /** Removes secrets (the webhook URL itself is one) from what is logged. */
  readonly redact: (text: string) => string;
}

const lines = (batch: readonly { readonly text: string }[]): string => batch.map((n) => n.text).join('\n');

/** A Discord webhook: `{content}`, at most 2,000 characters a message. */
export function discordChannel(url: string, o: WebhookOptions): Channel {
  return { name: 'discord', maxChars: 2000, send: (batch) => postJson(o.fetch ?? fetch, url, { content: lines(batch) }, o.redact) };
}

/** A Slack incoming webhook: `{text}`. */
export function slackChannel(url: string, o: WebhookOptions): Channel {
  return { name: 'slack', maxChars: 3000, send: (batch) => postJson(o.fetch ?? fetch, url, { text: lines(batch) }, o.redact) };
}

/**
 * Any URL: `{source: "atapi", notifications: [{kind, text, silent, ts}]}`, one POST per
 * burst, so a script gets each notification apart with its kind.
 */
export function webhookChannel(url: string, o: WebhookOptions): Channel {
  return {
    name: 'webhook',
    maxChars: 16_000,
    send: (batch) => postJson(o.fetch ?? fetch, url, { source: 'atapi', notifications: batch.map((n) => ({ kind: n.kind, text: n.text, silent: n.silent, ts: n.ts })) }, o.redact),
  };
}
