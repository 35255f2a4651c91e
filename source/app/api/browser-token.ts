/*
 * How a browser authenticates the events stream. A browser cannot set headers on a WebSocket,
 * so the status page offers the API token as a subprotocol: `new WebSocket(url,
 * [EVENTS_PROTOCOL, BEARER_PROTOCOL_PREFIX + token])`. The server answers with EVENTS_PROTOCOL
 * (api-events.ts), never echoing the token, and reads the token (api-http.ts protocolToken);
 * a header, unlike `?token=` in the URL, is not written to access logs or browser history.
 * This module imports nothing, so the page's bundle takes the same two names as the server.
 */

/** The subprotocol of the events stream. */
export const EVENTS_PROTOCOL = 'atapi.v1';
/** The token travels as `bearer.TOKEN` (tokens are base64url: valid subprotocol characters). */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';
