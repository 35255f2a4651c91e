import type { SignalReceived } from '../../domain/index.js';

/** One line for people about a signal received: the history, the Log tab and the shell say it alike. */
export function signalLine(d: SignalReceived): string {
  const what = `signal ${d.action || '(no action)'}${d.strategyId ? ` to ${d.strategyId}` : ''}${d.id !== undefined ? ` (id ${d.id})` : ''}`;
  if (d.accepted) return `${what} accepted`;
  if (d.duplicate) return `${what} ignored: that id was acted on already`;
  return `${what} refused${d.code ? ` [${d.code}]` : ''}${d.unrecorded ? ` (and ${d.unrecorded} more refused for the token since the last one recorded)` : ''}`;
}
