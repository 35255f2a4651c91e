import { Box } from 'ink';
import { Canvas, wrapWords, type CanvasLine } from '../components/canvas.js';
import type { StrategyStartForm } from '../strategy-start-form.js';
import type { Theme } from '../theme.js';

export interface StrategyStartProps {
  readonly theme: Theme;
  readonly form: StrategyStartForm;
  /** PAPER, LIVE...: where its orders will go. */
  readonly mode: string;
  /** Fixed, so the box does not jump as errors come and go. */
  readonly width: number;
}

/** The start dialog: timeframe, size and parameters, with their defaults filled in. */
export function StrategyStart({ theme, form, mode, width }: StrategyStartProps) {
  const inner = Math.max(1, width - 4);
  const row = (i: number, label: string, value: string, note: string): CanvasLine => {
    const on = form.field === i;
    const head = `${on ? '›' : ' '} ${label.padEnd(10)} ${`${value}${on && i > 0 ? '▏' : ''}`.padEnd(12)}`;
    return [{ text: head, inverse: on }, { text: `  ${note}`, dim: true, optional: true }];
  };
  const lines: CanvasLine[] = [
    [{ text: `Start ${form.strategy} · ${form.symbol} · ${mode}`, bold: true }],
    row(0, 'Timeframe', `‹ ${form.timeframe} ›`, 'candle it sees'),
    row(1, 'Size', form.size, 'per entry: 100USDT, 5% or 0.01BTC'),
    ...form.params.map((p, i) => row(i + 2, p.name, p.value, p.description)),
    ...(form.error ? wrapWords(`✗ ${form.error}`, Math.max(10, inner - 2)).map((l): CanvasLine => [{ text: `  ${l}`, color: theme.error }]) : []),
    [{ text: form.busy ? 'starting…' : '↑/↓ field · ←/→ timeframe · Enter start · Esc cancel', dim: true }],
  ];
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1} width={width} flexShrink={0}>
      <Canvas width={inner} lines={lines} />
    </Box>
  );
}
