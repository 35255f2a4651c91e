import { TIMEFRAMES } from '../domain/index.js';
import { BUILT_IN_STRATEGIES } from '../strategies/registry.js';

export const RUN_HELP = `usage: atapi run --strategy NAME|FILE --symbol SYMBOL [--timeframe TF] [--once] [OPTIONS]

Runs a strategy on the live feed until Ctrl-C (or SIGTERM, or SIGHUP when the terminal goes
away): the same module as in backtests, its signals turned into orders through the risk checks
(the limits of atapi config) and the event log. Paper by default: the exchange's market data,
fills simulated locally. It runs only what it was asked to: instances an earlier session left
running are listed on stderr and resumed by the daemon, the app or the shell, never by run.
A strategy that throws, or takes longer than strategy.timeBudgetMs (atapi config; 1000 ms) on
one candle, is stopped with the reason.

  --strategy NAME|FILE  ${BUILT_IN_STRATEGIES.map((s) => s.name).join(', ')}, or a strategy file (.ts, .js, .mjs)
                        from any folder (see docs/writing-a-strategy.md)
  --symbol SYMBOL       market (default BTC/USDT); a perpetual like BTC/USDT:USDT with --futures
  --futures             the simulated exchange's USD-M perpetuals: on a perpetual the strategy
                        goes long, short or flat (sma-ls; a spot strategy's buy = long, sell =
                        flat); a change closes its own position reduce-only, then opens the
                        other side (position side in hedge mode); risk.maxLeverage and the
                        notional limits apply; --size is the position's notional, not its margin
  --timeframe TF        candle length the strategy sees: ${TIMEFRAMES.join(' ')} (default 1m)
  --size SIZE           what one entry spends: 100USDT (quote amount), 5% (of equity) or
                        0.01BTC (base quantity); default 100 USDT or 10% of equity if less,
                        never all in. A sell sells only what the strategy itself bought
  --stop-loss P%        close the strategy's own position when a close is P% against its entry;
  --take-profit P%      when P% past it; --trailing P%: when P% back from its best close since
  --trailing P%         entry (the same rule as a backtest with these flags; not with --once)
  --once                one evaluation, for cron: warm up on the venue's candles (its 1m
                        candles and up to 300 older ones of the timeframe), evaluate the
                        last closed candle, place its order if it signals, wait for the order's
                        fate, print the summary and exit
  --live                real money (keys from the environment or atapi keys); asks you to type
                        the exchange's name, or give --i-understand-live. Never downgraded to paper
  --testnet             the exchange's testnet (keys needed)
  --mode MODE           the same as a flag: paper (default), testnet or live; contradicting a
                        flag (--live --mode paper) is refused
  --i-understand-live   confirm --live without the prompt (unattended runs)
  --no-persist          keep nothing on disk (in-memory ledger, default settings and limits)
  --sandbox-url URL     a local Binance-compatible sandbox (atapi sandbox) instead of the exchange
  --flatten-on-stop     sell the position when the run stops (default: keep it)
  --json                JSON lines on stdout: one object per heartbeat, order and summary
  --NAME VALUE          strategy parameters (--fast 10 --slow 30)
  --exchange ID, --seed N, --data-dir DIR (global options; all may also come before "run")

Output: a line per closed candle of the timeframe (time UTC, price, signal or -, the
strategy's position, its PnL: realised (net of fees) + unrealised, in the quote currency); order
lines as they happen; on exit a summary (trades, position, PnL, fees, duration).

Exit status of --once: 0 no signal or the order settled; 1 the order was refused (risk limit,
balance, exchange) or held (link down); 3 the order's fate is not settled (unknown until a
reconcile, or still open): check it before the next run. 2 is a bad command line.

Unattended (cron, systemd): the keystore passphrase comes from ATAPI_PASSPHRASE_FILE (a file
only you can read), systemd's LoadCredential=atapi-passphrase, or ATAPI_PASSPHRASE.
  */5 * * * *  atapi run --strategy sma --symbol BTC/USDT --timeframe 5m --once --json >> run.log

Long-only spot, no leverage. Paper mode on the simulated exchange needs no keys and no network.`;
