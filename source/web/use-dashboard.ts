import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiFailure, openEvents, readSnapshot, type StreamMessage } from './api-client.js';
import { mergeSamples, type EquityPoint } from './equity.js';
import type { ApiRefusal, Snapshot } from './types.js';

export type LinkToDaemon = 'connecting' | 'live' | 'reconnecting';

export interface Dashboard {
  readonly snapshot?: Snapshot;
  /** The last read that failed (shown until a read succeeds). */
  readonly problem?: ApiRefusal;
  /** The event stream: live, or trying again. */
  readonly stream: LinkToDaemon;
  readonly equity: readonly EquityPoint[];
  /** Reads everything again now (after a command). */
  refresh(): void;
}

/**
 * A refresh at least this often even without events: uptime, link and prices move on their own.
 * Not more often: each refresh is ten reads of the daemon, which is trading.
 */
const POLL_MS = 15_000;
/** Events arrive in bursts (an order, its fill, the balances): one refresh per burst. */
const SETTLE_MS = 150;

/**
 * The page's one source of data: every read at start, again after each burst of the ledger's
 * events (the WebSocket) and every POLL_MS; the stream reconnects with a growing pause. A 401
 * calls `unauthorised` (the token was rotated or is wrong) and stops.
 */
export function useDashboard(token: string, unauthorised: (message: string) => void): Dashboard {
  const [snapshot, setSnapshot] = useState<Snapshot>();
  const [problem, setProblem] = useState<ApiRefusal>();
  const [stream, setStream] = useState<LinkToDaemon>('connecting');
  // The daemon's equity samples read so far; a refresh asks only for those after the last.
  const samples = useRef<EquityPoint[]>([]);
  const [equity, setEquity] = useState<readonly EquityPoint[]>([]);
  const refreshRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let inFlight = false;
    let again = false;
    let settle: ReturnType<typeof setTimeout> | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let ws: WebSocket | undefined;
    let failures = 0;

    const load = async (): Promise<void> => {
      if (inFlight) return void (again = true);
      inFlight = true;
      try {
        const s = await readSnapshot(token, samples.current.at(-1)?.t);
        if (stopped) return;
        setSnapshot(s);
        setProblem(undefined);
        samples.current = mergeSamples(samples.current, s.equity.points);
        setEquity(samples.current);
      } catch (err) {
        if (stopped) return;
        const r = err instanceof ApiFailure ? err.refusal : { status: 0, code: 'page.bug', message: String(err) };
        if (r.status === 401) return void unauthorised(r.message);
        setProblem(r);
      } finally {
        inFlight = false;
        if (again && !stopped) {
          again = false;
          void load();
        }
      }
    };
    // Once per SETTLE_MS at most, from the first event of a burst: a steady flow of events (many
    // strategies trading) still refreshes the page, where a debounce would wait for a lull.
    const soon = (): void => {
      if (settle !== undefined) return;
      settle = setTimeout(() => {
        settle = undefined;
        void load();
      }, SETTLE_MS);
    };
    refreshRef.current = () => void load();

    const connect = (): void => {
      ws = openEvents(token);
      ws.onmessage = (m) => {
        let msg: StreamMessage;
        try {
          msg = JSON.parse(String(m.data)) as StreamMessage;
        } catch {
          return;
        }
        if (msg.type === 'hello') {
          failures = 0;
          setStream('live');
          // Whatever happened while the stream was down is read now.
          soon();
        } else if (msg.type === 'events' && msg.batch.length) soon();
      };
      ws.onclose = () => {
        if (stopped) return;
        setStream('reconnecting');
        failures++;
        retry = setTimeout(connect, Math.min(30_000, 500 * 2 ** Math.min(failures, 6)));
      };
    };

    void load();
    connect();
    const poll = setInterval(() => void load(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(poll);
      clearTimeout(settle);
      clearTimeout(retry);
      ws?.close();
    };
  }, [token]);

  return { snapshot, problem, stream, equity, refresh: () => refreshRef.current() };
}
