import type { Redactor } from '../../domain/index.js';

/**
 * Makes everything this process prints pass through the redactor: stdout, stderr (and so
 * console.*), and the report of an uncaught error. Returns a function that undoes it.
 */
export function installProcessRedaction(redactor: Redactor): () => void {
  const wrap = (stream: NodeJS.WriteStream) => {
    const original = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (redactor.size > 0 && (typeof chunk === 'string' || Buffer.isBuffer(chunk))) {
        return original(redactor.redact(typeof chunk === 'string' ? chunk : chunk.toString('utf8')), ...rest);
      }
      return original(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = original as typeof stream.write;
    };
  };
  const undoOut = wrap(process.stdout);
  const undoErr = wrap(process.stderr);
  const onCrash = (err: unknown): void => {
    const e = err as Error;
    process.stderr.write(`atapi: internal error: ${redactor.redact(e?.message ?? String(err))}\n`);
    if (process.env.ATAPI_DEBUG) process.stderr.write(`${redactor.redact(e?.stack ?? '')}\n`);
    process.exit(1);
  };
  process.on('uncaughtException', onCrash);
  return () => {
    undoOut();
    undoErr();
    process.off('uncaughtException', onCrash);
  };
}
