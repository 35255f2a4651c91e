import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError } from '../domain/index.js';

/**
 * `parseArgs` in strict mode, with its errors turned into one-line user errors that name the
 * option and point at the command's --help (Node's own text suggests `--` tricks and reads
 * as a crash).
 */
export function parseOptions<T extends ParseArgsConfig>(config: T, command: string): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs<T>({ ...config, strict: true });
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    const help = `(atapi ${command} --help)`;
    // What was wrong, from the parser's own tokens (a lenient second pass), not from its message.
    const tokens = parseArgs({ ...config, strict: false, allowPositionals: true, tokens: true }).tokens ?? [];
    const options = config.options ?? {};
    const known = (name: string): boolean => Object.hasOwn(options, name);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const t = tokens.find((x) => x.kind === 'option' && !known(x.name));
      throw new UserError(`unknown option ${t?.kind === 'option' ? t.rawName : ''} ${help}`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const t = tokens.find((x) => x.kind === 'option' && known(x.name) && (options[x.name].type === 'string') !== (x.value !== undefined));
      throw new UserError(`option ${t?.kind === 'option' ? t.rawName : ''} needs a value ${help}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const t = tokens.find((x) => x.kind === 'positional');
      throw new UserError(`unexpected argument ${t?.kind === 'positional' ? t.value : ''} ${help}`);
    }
    throw err;
  }
}

/** In non-strict parsing a string option given without a value comes back as `true`. */
export function requireValues(values: Readonly<Record<string, unknown>>, options: Readonly<Record<string, { readonly type: string }>>, command: string): void {
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'string' && values[name] === true) throw new UserError(`option --${name} needs a value (atapi ${command} --help)`);
  }
}

/** A number option, checked: one clear line naming the option and what is allowed. */
export function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number, whole = false): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max || (whole && !Number.isInteger(n))) {
    throw new UserError(`--${name} must be ${whole ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}
