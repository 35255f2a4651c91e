import { defaultDataDir } from '../../app/session/data-dir.js';
import { marketcapReport, type LiveCaps } from '../../format/marketcap-report.js';
import type { ReportIO } from '../../format/marketcap-report.js';
import { liveCoinCaps } from '../../app/marketcap/market-caps.js';
import { defineCommand, ok } from '../command-spec.js';

const USAGE = 'marketcap [--days N] [--symbols A,B,...] [--all] [--now] [--csv]';

/** Captures what the report says on stderr (notes, SIMULATED warnings), without progress lines. */
function noteTaker(): { stream: NodeJS.WritableStream; notes: string[] } {
  const notes: string[] = [];
  const stream = {
    write(chunk: string | Uint8Array): boolean {
      for (const line of String(chunk).split('\n')) if (line.trim() && !line.startsWith('fetching ')) notes.push(line.trim());
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  return { stream, notes };
}

export const marketcapCommand = defineCommand<{ argv: readonly string[] }>({
  name: 'marketcap',
  aliases: ['caps'],
  summary: 'daily market capitalisation of the main coins (CoinGecko; SIMULATED on the simulated exchange)',
  usage: USAGE,
  details:
    'The same table as `atapi marketcap`: the last 500 days by default, first and last five rows. --now: the current ranking. ' +
    'On the simulated exchange the figures are the simulated market\'s (price x fixed supply), labelled SIMULATED; ' +
    'on a real exchange they come from CoinGecko, cached in the data directory. Columns and the ranking are ordered by market cap; ' +
    'today\'s row, the --now ranking and the Market cap pane agree. With the global --json, caps are whole dollars and ' +
    'dominance and change24h are fractions (0.0123 = 1.23%), as in tickers.',
  parse(words) {
    const bad = words.find((w) => w === '--help' || w === '-h' || w === '--json');
    if (bad) return { ok: false, error: `${bad} is not an option of marketcap here (global --json applies to every command); usage: ${USAGE}` };
    return { ok: true, args: { argv: words } };
  },
  async run(session, { argv }, ctx) {
    const { stream, notes } = noteTaker();
    const io: ReportIO = { stderr: stream, env: process.env, dataDir: session.dataDir ?? defaultDataDir(), interactive: false };
    // The ranking is the one the Market cap pane shows: on the simulated exchange (today's row
    // of the daily table too), and on a real one once CoinGecko's supplies are in the session
    // (the TUI fetches them). --exchange picks another source on purpose.
    const state = session.state();
    const chosen = argv.some((w) => w.startsWith('--exchange'));
    const live: LiveCaps | undefined = chosen
      ? undefined
      : session.venue === 'sim'
        ? { caps: liveCoinCaps(state, session.venue), simulated: true, source: 'the simulated market' }
        : state.market.supplies?.source === 'coingecko'
          ? { caps: liveCoinCaps(state, session.venue), simulated: false, source: `${session.venue} prices x CoinGecko supply` }
          : undefined;
    const report = await marketcapReport(argv, io, live);
    if (report === 'help') return ok(USAGE);
    return ok([...notes, report.text].join('\n'), report.json);
  },
});
