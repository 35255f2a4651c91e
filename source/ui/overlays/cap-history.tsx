import { plot } from 'asciichart';
import { Box, Text } from 'ink';
import { marketCapHistory } from '../../app/market-caps.js';
import { compact } from '../../shell/format.js';
import type { Theme } from '../theme.js';

export interface CapHistoryProps {
  readonly theme: Theme;
  readonly coin: string;
  readonly width: number;
  readonly height: number;
  readonly now: number;
}

/** Enter on a coin in the Market cap pane: its daily market cap as a chart. */
export function CapHistory({ theme, coin, width, height, now }: CapHistoryProps) {
  const days = Math.max(10, Math.min(365, width - 14));
  const series = marketCapHistory(coin, days, now).map(([, v]) => v);
  const chart = plot(series, { height: Math.max(3, height - 5), format: (x) => compact(x).padStart(9) });
  const first = series[0];
  const last = series[series.length - 1];
  const change = (last - first) / first;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>{`${coin} market cap, last ${days} days · SIMULATED · ${compact(last)} (${change >= 0 ? '▲ +' : '▼ '}${(change * 100).toFixed(1)}%)`}</Text>
      <Text>{chart}</Text>
      <Text dimColor>Esc to close</Text>
    </Box>
  );
}
