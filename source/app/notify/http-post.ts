import type { SendOutcome } from './delivery.js';

export type Fetch = typeof fetch;

/** How long one call to a notification service may take before it counts as failed (ms). */
export const SEND_TIMEOUT_MS = 10_000;

/**
 * POSTs JSON and sorts the answer by its status, never by its words: 2xx delivered; 429, 408,
 * 5xx and a failed connection retried (after `Retry-After` when the service says); any other
 * 4xx refused for good. `redact` removes the token or URL from anything that is kept.
 */
export async function postJson(fetchFn: Fetch, url: string, body: unknown, redact: (text: string) => string, timeoutMs = SEND_TIMEOUT_MS, abort?: AbortSignal): Promise<SendOutcome & { readonly body?: unknown }> {
  let res: Response;
  try {
    res = await fetchFn(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: abort ? AbortSignal.any([abort, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, retry: true, error: redact(e.cause?.code ?? e.name ?? 'the request failed') };
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (res.ok) return { ok: true, body: parsed };
  const retry = res.status === 429 || res.status === 408 || res.status >= 500;
  const retryAfterMs = retryAfter(res.headers.get('retry-after'), parsed);
  const described = describe(parsed) ?? text.slice(0, 200);
  return { ok: false, retry, error: redact(`HTTP ${res.status}${described ? `: ${described}` : ''}`), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}

/** Seconds to wait, from the header or the body (Telegram's `parameters.retry_after`, Discord's `retry_after`). */
function retryAfter(header: string | null, body: unknown): number | undefined {
  const b = body as { parameters?: { retry_after?: unknown }; retry_after?: unknown } | undefined;
  const fromBody = b?.parameters?.retry_after ?? b?.retry_after;
  const seconds = typeof fromBody === 'number' ? fromBody : header !== null ? Number(header) : NaN;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds, 300) * 1000 : undefined;
}

/** The service's own one-line reason (Telegram's `description`, Discord's `message`). */
function describe(body: unknown): string | undefined {
  const b = body as { description?: unknown; message?: unknown } | undefined;
  const d = b?.description ?? b?.message;
  return typeof d === 'string' ? d.slice(0, 200) : undefined;
}
