import type { Redactor } from '../domain/index.js';

/**
 * What a top-level command handler gets from `cli.ts`: streams, environment and the data
 * directory, injected so tests can run handlers in-process with captured output.
 */
export interface CliIO {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Resolved data directory (from --data-dir or the OS default); may not exist yet. */
  readonly dataDir: string;
  /** True when the user chose the data directory (--data-dir or ATAPI_DATA_DIR), not the OS default. */
  readonly dataDirChosen?: boolean;
  /** False under NO_COLOR or when stdout is not a TTY. */
  readonly color: boolean;
  /** True when stderr is a TTY: progress bars may redraw in place. */
  readonly interactive: boolean;
  /** True when output is drawn in ASCII only (--ascii, or a non-UTF-8 locale or terminal). */
  readonly ascii?: boolean;
  /** Where secrets learnt on the way (API keys) are registered before anything can print them. */
  readonly redactor?: Redactor;
}

/** A top-level command: receives the arguments after its name, returns the exit code. */
export type CommandHandler = (argv: readonly string[], io: CliIO) => Promise<number>;
