import { crc32 } from 'node:zlib';
import { checkEvent, type DomainEvent, type Envelope } from '../../domain/index.js';
import { compactEvent, expandEvent } from './compact-events.js';
import { parseJson } from './parse-json.js';
import { kernel } from './scan-kernel.js';

/**
 * One record per line: 8 hex digits of CRC-32 over the JSON, a space, the JSON, `\n`.
 * Text keeps the log greppable; the checksum catches torn and corrupt records.
 *
 * A record holds what one `store.dispatch` made durable (a batch), so a torn tail drops a
 * whole batch or none of it:
 *   `[firstSeq,lastSeq,ts,[event,...]]` when the seqs are consecutive (nearly always), or
 *   `[firstSeq,lastSeq,ts,[event,...],[seq,...]]` when market events were interleaved.
 * The store stamps one `ts` per dispatch, so it is written once. The hot event types are
 * written in a compact array form (see compact-events.ts).
 * With `prev` (the last seq of the record before it in the file, 0 for the first), the record
 * ends `...,prev]`: the sequence chain. Seqs have gaps (market events take seqs but are not
 * logged), so only the chain tells a record deleted from the middle from a gap.
 * Older logs hold one envelope per line (`{"seq":N,"ts":T,"event":{...}}`), and records with
 * no `prev`; all are read (a record with no `prev` is not checked against the one before).
 */
export function encodeBatch(envs: readonly Envelope[], prev?: number): string {
  const first = envs[0].seq;
  const last = envs[envs.length - 1].seq;
  const ts = envs[0].ts;
  let json: string;
  if (envs.every((e) => e.ts === ts)) {
    const events = envs.map((e) => compactEvent(e.event));
    const chain = prev === undefined ? '' : `,${prev}`;
    json = last - first + 1 === envs.length
      ? `[${first},${last},${ts},${JSON.stringify(events)}${chain}]`
      : `[${first},${last},${ts},${JSON.stringify(events)},${JSON.stringify(envs.map((e) => e.seq))}${chain}]`;
    return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
  }
  // Envelopes of different times (not made by one dispatch): one record each, as before.
  return envs.map(encodeRecord).join('');
}

/** The older one-envelope-per-line record (still written for mixed-time batches). */
export function encodeRecord(env: Envelope): string {
  const json = JSON.stringify(env);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

const SPACE = 0x20;
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const COMMA = 0x2c;
const CLOSE_BRACKET = 0x5d;

/**
 * Verifies a record's bytes (without its newline). Returns the JSON text or undefined when
 * the record is damaged.
 */
export function checkRecord(buf: Buffer, start: number, end: number): string | undefined {
  return checkBytes(buf, start, end) ? buf.toString('utf8', start + 9, end) : undefined;
}

/** True when `buf[start..end)` (no newline) is a record whose checksum matches. */
export function checkBytes(buf: Uint8Array, start: number, end: number): boolean {
  return kernel.checkBytes(buf, start, end);
}

export interface SeqRange {
  readonly first: number;
  readonly last: number;
}

/**
 * Reads the first and last seq from a record's start (`start` is the checksum's first byte)
 * without parsing the JSON. Undefined when the bytes do not look like a record.
 */
export function peekSeqs(buf: Buffer, start: number, end: number): SeqRange | undefined {
  let i = start + 9;
  if (end - start < 12 || buf[start + 8] !== SPACE) return undefined;
  if (buf[i] === OPEN_BRACKET) {
    const a = digits(buf, i + 1, end);
    if (!a || buf[a.next] !== COMMA) return undefined;
    const b = digits(buf, a.next + 1, end);
    if (!b || buf[b.next] !== COMMA) return undefined;
    return { first: a.value, last: b.value };
  }
  // {"seq":
  if (buf[i] !== OPEN_BRACE || buf.toString('latin1', i, i + 7) !== '{"seq":') return undefined;
  i += 7;
  const a = digits(buf, i, end);
  return a && buf[a.next] === COMMA ? { first: a.value, last: a.value } : undefined;
}

function digits(buf: Buffer, from: number, end: number): { value: number; next: number } | undefined {
  let v = 0;
  let i = from;
  for (; i < end && i < from + 16; i++) {
    const c = buf[i];
    if (c < 48 || c > 57) break;
    v = v * 10 + (c - 48);
  }
  return i > from ? { value: v, next: i } : undefined;
}

/**
 * A record line with its `prev` replaced by `prev` (and its checksum redone): how a repair
 * relinks the chain over records it could not keep. `json` must carry a `prev` (`peekPrev`).
 */
export function withPrev(json: string, prev: number): string {
  const relinked = `${json.slice(0, json.lastIndexOf(','))},${prev}]`;
  return `${crc32(relinked).toString(16).padStart(8, '0')} ${relinked}\n`;
}

/**
 * The chain's `prev` of a record (`buf[start..end)`, no newline), read from its end:
 * `...],P]`. Undefined for a record written without one (older logs, envelope lines). Only
 * `prev` can put digits right before the final `]`: the events list and the interleaved
 * seqs list both end in `]`.
 */
export function peekPrev(buf: Uint8Array, start: number, end: number): number | undefined {
  let i = end - 1;
  if (i <= start || buf[i] !== CLOSE_BRACKET) return undefined;
  let v = 0;
  let scale = 1;
  let c = buf[--i];
  while (c >= 48 && c <= 57 && i > start) {
    v += (c - 48) * scale;
    scale *= 10;
    c = buf[--i];
  }
  return scale > 1 && scale <= 1e16 && c === COMMA && buf[i - 1] === CLOSE_BRACKET ? v : undefined;
}

/**
 * Decodes a checked record's JSON into envelopes. Throws when the JSON does not have a
 * record's shape (a checksummed record that still makes no sense is damage, not a tear).
 */
export function decodeRecord(json: string): Envelope[] {
  const v = parseJson(json);
  if (Array.isArray(v)) {
    const [first, last, ts, raw] = v as [number, number, number, unknown[]];
    // A fifth element is the interleaved seqs (a list) or the chain's `prev` (a number).
    const seqs = Array.isArray(v[4]) ? (v[4] as number[]) : undefined;
    if (v.length > (seqs ? 6 : 5) || (v.length === (seqs ? 6 : 5) && typeof v[v.length - 1] !== 'number')) throw new RecordError('not a batch record');
    if (typeof first !== 'number' || typeof last !== 'number' || typeof ts !== 'number' || !Array.isArray(raw) || raw.length === 0) throw new RecordError('not a batch record');
    const events: DomainEvent[] = new Array(raw.length);
    for (let i = 0; i < raw.length; i++) events[i] = checked(expandEvent(raw[i]));
    const out: Envelope[] = new Array(events.length);
    if (seqs) {
      if (!Array.isArray(seqs) || seqs.length !== events.length || seqs[0] !== first || seqs[seqs.length - 1] !== last) throw new RecordError('batch seqs do not match its events');
      for (let i = 1; i < seqs.length; i++) if (!(seqs[i] > seqs[i - 1])) throw new RecordError('batch seqs out of order');
      for (let i = 0; i < events.length; i++) out[i] = { seq: seqs[i], ts, event: events[i] };
    } else {
      if (last - first + 1 !== events.length) throw new RecordError('batch seq range does not match its events');
      for (let i = 0; i < events.length; i++) out[i] = { seq: first + i, ts, event: events[i] };
    }
    return out;
  }
  const env = v as Envelope;
  if (typeof env !== 'object' || env === null || typeof env.seq !== 'number' || typeof env.event !== 'object') throw new RecordError('not an envelope');
  checked(env.event);
  return [env];
}

/**
 * The store's own schema check (event-schemas.ts), on the way back in: a record that checks
 * out but holds an event the fold cannot take is damage to report, never a fold that throws.
 */
function checked(e: DomainEvent): DomainEvent {
  const bad = checkEvent(e);
  if (bad) throw new RecordError(bad.text);
  return e;
}

/** A checked record whose content is not a ledger record atapi can fold. */
export class RecordError extends Error {}
