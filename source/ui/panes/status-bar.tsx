import { Canvas, type Span } from '../components/canvas.js';
import { useEffect, useState } from 'react';
import type { Session } from '../../app/session/session.js';
import type { State } from '../../store/index.js';
import type { HaltState } from '../../domain/index.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import { share } from '../../format/format.js';
import { fit } from '../components/data-table.js';

export interface StatusBarProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly width: number;
  readonly message?: string;
  /** Injected for tests; the real clock otherwise. */
  readonly now?: () => number;
}

const selectConnections = (s: State) => s.market.connections;
const selectHalt = (s: State) => s.ledger.halt;
/** A protection's halt names its rule first (`protect.maxDrawdownPercent: equity ...`), a trader's shows the reason. */
const haltLabel = (h: HaltState): string => (h.rule ? `${h.rule}: ${h.reason}` : h.reason);

/** Exchange, mode (colour and label), connection, events per second, clock. */
export function StatusBar({ session, theme, width, message, now = Date.now }: StatusBarProps) {
  const connections = useSelector(session, selectConnections);
  const halt = useSelector(session, selectHalt);
  const [tick, setTick] = useState({ time: now(), rate: 0, folded: session.store.foldedCount() });
  useEffect(() => {
    const timer = setInterval(() => {
      setTick((prev) => {
        const folded = session.store.foldedCount();
        const time = now();
        const rate = Math.round(((folded - prev.folded) * 1000) / Math.max(1, time - prev.time));
        return { time, rate, folded };
      });
    }, 1000);
    timer.unref();
    return () => clearInterval(timer);
  }, [session, now]);
  const mode = theme.mode[session.mode];
  const conn = connections[session.venue]?.state ?? 'connecting';
  // While the link is down the prices on screen are old: say both, not just "reconnecting".
  const connMark = conn === 'connected' ? '● connected' : conn === 'stale' ? '◌ STALE DATA' : conn === 'reconnecting' ? '○ LINK DOWN · STALE DATA' : `○ ${conn}`;
  const clock = new Date(tick.time).toISOString().slice(11, 19);
  const left = ` ${session.label} `;
  const fixed: Span[] = [
    { text: ` ${left}`, inverse: true },
    { text: ` ${mode.label} `, inverse: true, bold: true, color: mode.color },
    { text: ` ${connMark} `, color: conn === 'connected' ? theme.up : theme.down },
    ...(session.attachedTo ? [{ text: ` attached to daemon (pid ${session.attachedTo.pid}) `, bold: true }] : []),
    // The kill switch wins over everything optional: a trader must never miss that orders are refused.
    // The reason is cut to a share of the bar (the full text: status, Log).
    ...(halt ? [{ text: ` HALTED: ${fit(haltLabel(halt), Math.min(haltLabel(halt).length, Math.max(8, Math.floor(width / 4))))} `, inverse: true, bold: true, color: theme.down }] : []),
  ];
  // A message wins over the rate and the clock: they give way, one by one, rather than the
  // message (which may end in a price) being cut.
  const optional = Boolean(message);
  // With perpetuals on: the position mode, and the cross margin ratio (liquidation at 100%).
  const futures = session.futures.available ? session.futures.account() : undefined;
  const spans: Span[] = [
    ...fixed,
    ...(futures ? [{ text: ` ${futures.positionMode} · margin ratio ${share(futures.marginRatio, 2)} `, color: futures.marginRatio >= 0.8 ? theme.down : undefined, bold: futures.marginRatio >= 0.8 }] : []),
    { text: ` ${tick.rate.toLocaleString('en-US')} ev/s `, optional },
    { text: ` ${clock} UTC `, optional },
    { text: message ? ` ${message}` : session.attachedTo ? ' ? help · : command · q detach' : ' ? help · : command · q quit', dim: true },
  ];
  return <Canvas width={width} lines={[spans]} />;
}
