/**
 * A refusal as data: what was refused, in a code a program can act on, the field of the
 * request it concerns (the ticket marks that field), and one line for the trader. No layer
 * reads `text` back to decide anything: codes travel, words are for people.
 */
export interface Refusal {
  /** Dotted, stable: `risk.notional`, `risk.equity-share`, `link.down`, `balance.insufficient`, ... */
  readonly code: string;
  /** The request's field the refusal is about: `qty`, `price`, `stopPrice`, `leverage`, `size`. */
  readonly field?: string;
  /** One complete line for the trader: what was wrong and what is allowed. */
  readonly text: string;
}

export function refusal(code: string, text: string, field?: string): Refusal {
  return field === undefined ? { code, text } : { code, field, text };
}
