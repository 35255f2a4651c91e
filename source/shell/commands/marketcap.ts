import { defaultDataDir } from '../../app/data-dir.js';
import { marketcapReport, rankingReport } from '../../cli/marketcap-command.js';
import type { CliIO } from '../../cli/io.js';
import { marketCapRows } from '../../app/market-caps.js';
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
    'on a real exchange they come from CoinGecko, cached in the data directory.',
  parse(words) {
    const bad = words.find((w) => w === '--help' || w === '-h' || w === '--json');
    if (bad) return { ok: false, error: `${bad} is not an option of marketcap here (global --json applies to every command); usage: ${USAGE}` };
    return { ok: true, args: { argv: words } };
  },
  async run(session, { argv }, ctx) {
    const { stream, notes } = noteTaker();
    const io: CliIO = { stdout: stream, stderr: stream, env: process.env, dataDir: session.dataDir ?? defaultDataDir(), color: ctx.color, interactive: false };
    const sim = session.venue === 'sim' && !argv.some((w) => w.startsWith('--exchange'));
    // The current ranking on the simulated exchange is the live one, as in the Market cap pane.
    if (sim && argv.includes('--now') && argv.every((w) => w === '--now')) {
      const rows = marketCapRows(session.state(), session.venue).map((r) => ({ rank: r.rank, symbol: r.symbol, price: r.price, marketCap: Math.round(r.marketCap), supply: r.marketCap / r.price, change24h: r.change24h * 100 }));
      const report = rankingReport(rows, true);
      return ok(report.text, report.json);
    }
    const report = await marketcapReport(sim ? [...argv, '--exchange', 'sim'] : argv, io);
    if (report === 'help') return ok(USAGE);
    return ok([...notes, report.text].join('\n'), report.json);
  },
});
