import type http from 'node:http';

/*
 * A browser cannot set headers on a WebSocket, so the status page sends the API token as a
 * subprotocol: `new WebSocket(url, [EVENTS_PROTOCOL, BEARER_PROTOCOL_PREFIX + token])`. The
 * server picks EVENTS_PROTOCOL (the first offered), so the token is never echoed back, and a
 * header, unlike `?token=` in the URL, is not written to access logs or browser history.
 * This module imports nothing at run time: the page imports the two names from here.
 */

/** The subprotocol of the events stream. */
export const EVENTS_PROTOCOL = 'atapi.events';
/** The token travels as `bearer.TOKEN` (tokens are base64url: valid subprotocol characters). */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

/** The token a WebSocket upgrade carries in Sec-WebSocket-Protocol, if any. */
export function protocolBearer(req: http.IncomingMessage): string | undefined {
  const h = req.headers['sec-websocket-protocol'];
  if (typeof h !== 'string') return undefined;
  const offered = h.split(',').map((p) => p.trim());
  const bearer = offered.find((p) => p.startsWith(BEARER_PROTOCOL_PREFIX));
  return bearer?.slice(BEARER_PROTOCOL_PREFIX.length) || undefined;
}
