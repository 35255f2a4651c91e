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
    const message = (err as Error).message ?? '';
    const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
    const help = `(atapi ${command} --help)`;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UserError(`unknown option ${option} ${help}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UserError(`option ${option} needs a value ${help}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UserError(`unexpected argument ${/'([^']+)'/.exec(message)?.[1] ?? ''} ${help}`);
    throw err;
  }
}

/** In non-strict parsing a string option given without a value comes back as `true`. */
export function requireValues(values: Readonly<Record<string, unknown>>, options: Readonly<Record<string, { readonly type: string }>>, command: string): void {
  for (const [name, spec] of Object.entries(options)) {
    if (spec.type === 'string' && values[name] === true) throw new UserError(`option --${name} needs a value (atapi ${command} --help)`);
  }
}
