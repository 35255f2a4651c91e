import { plot } from 'asciichart';
import { Box, Text } from 'ink';
import type { CapHistory as History } from '../../app/marketcap/cap-history.js';
import { change as changeText, compact } from '../../format/format.js';
import type { Theme } from '../theme.js';

export interface CapHistoryProps {
  readonly theme: Theme;
  readonly coin: string;
  readonly days: number;
  readonly height: number;
  /** Undefined while it loads. */
  readonly history?: History;
  readonly error?: string;
}

/** Enter on a coin in the Market cap pane: its daily market cap as a chart. */
export function CapHistory({ theme, coin, days, height, history, error }: CapHistoryProps) {
  const frame = (title: string, body: string, color?: string) => (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>{title}</Text>
      <Text color={color}>{body}</Text>
      <Text dimColor>Esc to close</Text>
    </Box>
  );
  if (error) return frame(`${coin} market cap`, `✗ ${error}`, theme.error);
  if (!history) return frame(`${coin} market cap, last ${days} days`, 'fetching…');
  const series = history.series.map(([, v]) => v);
  if (series.length < 2) return frame(`${coin} market cap · ${history.source}`, 'not enough data to draw');
  const chart = plot(series, { height: Math.max(3, height - 5), format: (x) => compact(x).padStart(9) });
  const first = series[0];
  const last = series[series.length - 1];
  const change = (last - first) / first;
  return frame(`${coin} market cap, last ${series.length - 1} days · ${history.source} · ${compact(last)} (${changeText(change)})`, chart);
}
