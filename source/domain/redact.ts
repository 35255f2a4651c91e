/**
 * Removes secrets from text before it is printed, logged or stored. Registered secrets (API
 * keys, secrets, passphrases) and request signatures become `***`.
 */
export class Redactor {
  private secrets = new Set<string>();
  private pattern?: RegExp;

  constructor(secrets: readonly string[] = []) {
    for (const s of secrets) this.add(s);
  }

  add(secret: string | undefined): void {
    // Very short strings would blank out ordinary words; real keys are long.
    if (!secret || secret.length < 6 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.pattern = undefined;
  }

  get size(): number {
    return this.secrets.size;
  }

  redact(text: string): string {
    if (this.secrets.size === 0) return text.replace(SIGNATURE, '$1***');
    this.pattern ??= new RegExp([...this.secrets].sort((a, b) => b.length - a.length).map(escape).join('|'), 'gi');
    return text.replace(this.pattern, '***').replace(SIGNATURE, '$1***');
  }

  /** A deep copy of a JSON-like value with every string redacted. */
  redactValue<T>(value: T): T {
    if (typeof value === 'string') return this.redact(value) as T;
    if (Array.isArray(value)) return value.map((v) => this.redactValue(v)) as T;
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, /secret|password|passphrase|apikey|api_key/i.test(k) ? '***' : this.redactValue(v)])) as T;
    }
    return value;
  }
}

const SIGNATURE = /(signature=)[0-9a-fA-F]{16,}/g;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
