import { Canvas, type Span } from '../components/canvas.js';
import { useEffect, useState } from 'react';
import type { Session } from '../../app/session/session.js';
import type { State } from '../../store/index.js';
import type { HaltState } from '../../domain/index.js';
import type { Theme } from '../theme.js';
import { useSelector } from '../use-session-state.js';
import { num, share } from '../../format/format.js';
import { fit } from '../components/data-table.js';
import { sessionDayPnl, type DayPnl } from '../../engine/day-pnl.js';
import { nearestLiquidation } from '../../engine/liquidation-near.js';
import { dayTone, equityText } from './equity-text.js';
import { useNotifyTrouble } from '../use-notify-trouble.js';

export interface StatusBarProps {
  readonly session: Session;
  readonly theme: Theme;
  readonly width: number;
  readonly message?: string;
  /** The message in fewer words: shown instead when the bar has no room for it whole. */
  readonly brief?: string;
  /** The message in the fewest words, for a bar with no room for the brief (80 columns with perpetuals, halted). */
  readonly least?: string;
  /** Injected for tests; the real clock otherwise. */
  readonly now?: () => number;
}

const selectConnections = (s: State) => s.market.connections;
const selectHalt = (s: State) => s.ledger.halt;
/** A protection's halt names its rule first (`protect.maxDrawdownPercent: equity ...`), a trader's shows the reason. */
const haltLabel = (h: HaltState): string => (h.rule ? `${h.rule}: ${h.reason}` : h.reason);

const spanWidth = (spans: readonly Span[]): number => spans.reduce((n, sp) => n + sp.text.length, 0);

/** Exchange, mode (colour and label), connection, equity and today's PnL, events per second, clock. */
export function StatusBar({ session, theme, width, message: whole, brief, least, now = Date.now }: StatusBarProps) {
  const connections = useSelector(session, selectConnections);
  const halt = useSelector(session, selectHalt);
  // Equity and today's PnL are figured with the clock, once a second: a price tick does not redraw the bar.
  const figures = (time: number): DayPnl => sessionDayPnl(session.state(), session.venueIds(), session.fills(), time);
  const [tick, setTick] = useState(() => ({ time: now(), rate: 0, folded: session.store.foldedCount(), day: figures(now()) }));
  useEffect(() => {
    const timer = setInterval(() => {
      setTick((prev) => {
        const folded = session.store.foldedCount();
        const time = now();
        const rate = Math.round(((folded - prev.folded) * 1000) / Math.max(1, time - prev.time));
        return { time, rate, folded, day: figures(time) };
      });
    }, 1000);
    timer.unref();
    return () => clearInterval(timer);
  }, [session, now]);
  const notify = useNotifyTrouble(session);
  const mode = theme.mode[session.mode];
  const conn = connections[session.venue]?.state ?? 'connecting';
  // While the link is down the prices on screen are old: say both, not just "reconnecting".
  // Several venues: another venue in trouble is named (orders to it are refused meanwhile), the session's own link is read as ever.
  const others = session.venueIds().filter((v) => v !== session.venue && connections[v] !== undefined && connections[v].state !== 'connected');
  const otherMarks = others.map((v) => ` · ${v} ${connections[v].state === 'stale' ? 'STALE DATA' : connections[v].state === 'connecting' ? 'connecting' : 'LINK DOWN'}`).join('');
  const connMark = `${conn === 'connected' ? (others.length ? '○ connected' : '● connected') : conn === 'stale' ? '◌ STALE DATA' : conn === 'reconnecting' ? '○ LINK DOWN · STALE DATA' : `○ ${conn}`}${otherMarks}`;
  const linkUp = conn === 'connected' && others.length === 0;
  const clock = new Date(tick.time).toISOString().slice(11, 19);
  const left = ` ${session.label} `;
  const futures = session.futures.available ? session.futures.account() : undefined;
  const near = futures ? nearestLiquidation(session.futures.positions()) : undefined;
  // Connected is the usual case: it gives way to a message; a link in trouble never does.
  const link: Span = { text: ` ${connMark} `, color: linkUp ? theme.up : theme.down, optional: linkUp && Boolean(whole) };
  const haltText = halt ? haltLabel(halt) : '';
  // `tight`: how much the marks give up for a message that would not fit whole (0: nothing;
  // 1: the position mode, which the Futures pane shows; 2: the halt's reason, which status and
  // the Log give: HALTED itself always stays).
  const fixedAt = (tight: number): Span[] => [
    { text: ` ${left}`, inverse: true },
    { text: ` ${mode.label} `, inverse: true, bold: true, color: mode.color },
    link,
    ...(session.attachedTo ? [{ text: attachedMark(session.attachedTo.pid, Infinity), bold: true }] : []),
    // Notifications not arriving: the trader who relies on them away must see it here (details: atapi daemon status).
    ...(notify ? [{ text: ` ${width < 100 ? 'notify failing' : notify} `, bold: true, color: theme.warn }] : []),
    // The kill switch wins over everything optional: a trader must never miss that orders are refused.
    // The reason is cut to a share of the bar (the full text: status, Log).
    ...(halt ? [{ text: tight >= 2 ? ' HALTED ' : ` HALTED: ${fit(haltText, Math.min(haltText.length, Math.max(8, Math.floor(width / 4))))} `, inverse: true, bold: true, color: theme.down }] : []),
    // With perpetuals on: the position mode, and the cross margin ratio (liquidation at 100%).
    // A message (or a liquidation near) on a narrow bar: the ratio keeps its figure, its label shortens (MR), so the message (the equity) stays whole.
    ...(futures ? [{ text: ` ${tight >= 1 ? '' : `${futures.positionMode} · `}${(whole || near || tight >= 1) && width < 100 ? 'MR' : 'margin ratio'} ${share(futures.marginRatio, 2)} `, color: futures.marginRatio >= 0.8 ? theme.down : undefined, bold: futures.marginRatio >= 0.8 }] : []),
    // A position near its liquidation (the rule the notification warns by): the cross ratio above
    // says nothing of an isolated one, so it is named here, whatever pane is in view.
    ...(near ? [{ text: width < 100 ? ` LIQ ${share(near.distance, 1)} ` : ` ${near.position.symbol}${near.position.side === 'BOTH' ? '' : ` ${near.position.side}`} ${share(near.distance, 1)} from liquidation `, bold: true, color: theme.down }] : []),
  ];
  // What stays beside a message at the least: the marks above (the attached one at its shortest) and the shortest equity.
  const beside = (spans: readonly Span[]): number => spanWidth(spans.filter((sp) => sp !== link && !sp.text.startsWith(' attached'))) + (session.attachedTo ? attachedMark(session.attachedTo.pid, 0).length : 0) + equityText(tick.day, 0).length;
  // A message that would be cut gives way to its brief wording, then its least, the marks giving
  // up their details between (`fixedAt`): the brief says first what matters, where a cut one
  // loses its end (a strategy's stop: why it stopped). The least wording cut is the last resort.
  const wordings: readonly (readonly [string | undefined, number])[] = [[whole, 0], [brief, 0], [brief, 1], [least, 1], [least, 2]];
  const fits = wordings.find(([m, tight]) => m !== undefined && beside(fixedAt(tight)) + 1 + m.length <= width);
  const hints = [` ? help · : command · q ${session.attachedTo ? 'detach' : 'quit'}`, ' ? help · : command', ' ? help'];
  // No message: the marks give up the position mode where the equity and '? help' would not fit whole beside them (80 columns, attached, with perpetuals).
  const [message, tight] = whole ? (fits ?? [least ?? brief ?? whole, least || brief ? 2 : 0]) : [undefined, beside(fixedAt(0)) + link.text.length + hints[hints.length - 1].length <= width ? 0 : 1];
  const fixed = fixedAt(tight);
  // Attached on a narrow bar: the mark says less (never nothing) so '? help' stays whole beside the shortest equity.
  if (session.attachedTo) {
    const at = fixed.findIndex((sp) => sp.text.startsWith(' attached'));
    const others = spanWidth(fixed.filter((_, i) => i !== at && (!message || fixed[i] !== link)));
    const room = width - others - equityText(tick.day, 0).length - (message ? message.length + 1 : hints[hints.length - 1].length);
    fixed[at] = { ...fixed[at], text: attachedMark(session.attachedTo.pid, room) };
  }
  const kept = spanWidth(message ? fixed.filter((sp) => sp !== link) : fixed);
  const equity = equityText(tick.day, width - kept - (message ? message.length + 1 : hints[1].length));
  const hint = message ? ` ${message}` : (hints.find((h) => kept + equity.length + h.length <= width) ?? hints[hints.length - 1]);
  const tone = dayTone(tick.day);
  const spans: Span[] = [
    ...fixed,
    { text: equity, color: tone === 'up' ? theme.up : tone === 'down' ? theme.down : undefined },
    { text: ` ${num(tick.rate, 0)} ev/s `, optional: true },
    { text: ` ${clock} UTC `, optional: true },
    { text: hint, dim: true },
  ];
  return <Canvas width={width} lines={[spans]} />;
}

/** The attached mark in the longest wording that fits `room` columns (the shortest when none does). */
function attachedMark(pid: number, room: number): string {
  const forms = [` attached to daemon (pid ${pid}) `, ` attached (pid ${pid}) `, ' attached '];
  return forms.find((f) => f.length <= room) ?? forms[forms.length - 1];
}
