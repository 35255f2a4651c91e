import type { SignalReceived } from '../../domain/index.js';

/** One line for people about a signal received: the history, the Log tab and the shell say it alike. */
export function signalLine(d: SignalReceived): string {
  const what = signalSubject(d);
  if (d.accepted) return `${what} accepted`;
  if (d.duplicate) return `${what} ignored: that id was acted on already`;
  return `${what} refused${d.code ? ` [${d.code}]` : ''}${unrecordedText(d)}`;
}

/** Which signal: `signal buy to webhook-1 (id a1)`. */
export function signalSubject(d: SignalReceived): string {
  return `signal ${d.action || '(no action)'}${d.strategyId ? ` to ${d.strategyId}` : ''}${d.id !== undefined ? ` (id ${d.id})` : ''}`;
}

/** The refusals of a flood of bad tokens that one record stands for, if any (` (and 3 more ...)`). */
export function unrecordedText(d: SignalReceived): string {
  return d.unrecorded ? ` (and ${d.unrecorded} more refused for the token since the last one recorded)` : '';
}
