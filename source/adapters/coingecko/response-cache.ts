import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface Cached<T> {
  readonly fetchedAt: number;
  readonly body: T;
}

/** Responses on disk, one file per request, so the data is there when the network is not. */
export class ResponseCache {
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 24)}.json`);
  }

  read<T>(key: string): Cached<T> | undefined {
    try {
      const parsed = JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as Cached<T> & { key: string };
      return parsed.key === key && typeof parsed.fetchedAt === 'number' ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  write<T>(key: string, body: T, fetchedAt: number): void {
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      const tmp = `${this.file(key)}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ key, fetchedAt, body }));
      fs.renameSync(tmp, this.file(key));
    } catch {
      /* a cache that cannot be written only costs a refetch */
    }
  }
}

export function describeAge(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 60) return `${m} min`;
  const h = Math.round(m / 60);
  return h < 48 ? `${h} h` : `${Math.round(h / 24)} days`;
}
