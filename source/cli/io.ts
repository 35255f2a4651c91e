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

/**
 * The process around `atapi ARGS` (`runCli` in run-cli.ts): what `cli.ts` takes from the real
 * process, given instead by a caller that runs the command line in-process (the tests), so the
 * same dispatch, options and exit codes run without starting a process.
 */
export interface CliProcess {
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { readonly isTTY?: boolean };
  /** The command that starts atapi again: the daemon's own process (`daemon start`, quit with keep). */
  readonly self: () => readonly string[];
  /** `atapi --version`'s line. */
  readonly version: () => string;
  readonly redactor: Redactor;
  /**
   * The real process only: ends it at once with the code (the shell on SIGTERM, or when the
   * daemon it is attached to goes away) and takes SIGTERM. In-process there is no process to
   * end: the shell then ends when its input does.
   */
  readonly exit?: (code: number) => void;
}
