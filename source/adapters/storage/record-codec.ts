import { crc32 } from 'node:zlib';
import type { Envelope } from '../../domain/index.js';

/**
 * One record per line: 8 hex digits of CRC-32 over the JSON, a space, the JSON, `\n`.
 * Text keeps the log greppable; the checksum catches torn and corrupt records.
 */
export function encodeRecord(env: Envelope): string {
  const json = JSON.stringify(env);
  return `${crc32(json).toString(16).padStart(8, '0')} ${json}\n`;
}

const SPACE = 0x20;

/**
 * Verifies a record's bytes (without its newline). Returns the JSON text or undefined when
 * the record is damaged.
 */
export function checkRecord(buf: Buffer, start: number, end: number): string | undefined {
  if (end - start < 10 || buf[start + 8] !== SPACE) return undefined;
  let want = 0;
  for (let i = start; i < start + 8; i++) {
    const c = buf[i];
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : -1;
    if (d < 0) return undefined;
    want = want * 16 + d;
  }
  const body = buf.subarray(start + 9, end);
  if (crc32(body) !== want) return undefined;
  return body.toString('utf8');
}

/** Reads `seq` from the start of an envelope's JSON without parsing all of it. */
export function peekSeq(json: string): number {
  // JSON.stringify of an Envelope always starts with {"seq":
  const comma = json.indexOf(',', 7);
  return Number(json.slice(7, comma));
}
