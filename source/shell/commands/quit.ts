import { defineCommand, usageError } from '../command-spec.js';

const spec = { usage: 'quit' };

export const quitCommand = defineCommand<null>({
  name: 'quit',
  aliases: ['exit', 'q'],
  summary: 'leave the shell (open orders stay open on the exchange)',
  usage: spec.usage,
  parse: (w) => (w.length === 0 ? { ok: true, args: null } : usageError(spec, 'quit takes no arguments')),
  run: () => ({ ok: true, text: 'bye', json: null, quit: true }),
});
