import { Box, Text } from 'ink';
import { Canvas, type CanvasLine } from '../components/canvas.js';
import type { Theme } from '../theme.js';

export interface OutputOverlayProps {
  readonly theme: Theme;
  readonly title: string;
  readonly text: string;
  readonly ok: boolean;
  /** Text lines that fit. */
  readonly maxLines: number;
  /** Text columns that fit. */
  readonly width: number;
  /** First line and first column shown (scrolled with the arrows). */
  readonly top: number;
  readonly left: number;
}

/** Lines of text an output view has when the layout gives it `rows` rows (border, title and key line take 4). */
export const outputLines = (rows: number): number => Math.max(1, rows - 4);
/** Columns of text an output view has in a terminal this wide. */
export const outputWidth = (columns: number): number => Math.max(10, columns - 4);

/** The first line and column that can be shown, so scrolling stops at the ends. */
export function clampScroll(text: string, maxLines: number, width: number, top: number, left: number): { top: number; left: number } {
  const lines = text.split('\n');
  const widest = lines.reduce((w, l) => Math.max(w, l.length), 0);
  return { top: Math.max(0, Math.min(top, lines.length - maxLines)), left: Math.max(0, Math.min(left, widest - width)) };
}

/**
 * What a command printed, as a scrollable view: ↑/↓ and PgUp/PgDn through the lines, ←/→
 * sideways, so a wide table is read whole rather than cut. A cut edge is marked with `…`.
 */
export function OutputOverlay({ theme, title, text, ok, maxLines, width, top: wantTop, left: wantLeft }: OutputOverlayProps) {
  const all = text.split('\n');
  const { top, left } = clampScroll(text, maxLines, width, wantTop, wantLeft);
  const widest = all.reduce((w, l) => Math.max(w, l.length), 0);
  const lines: CanvasLine[] = all.slice(top, top + maxLines).map((l) => {
    const shown = left > 0 && l.length > left ? `…${l.slice(left + 1)}` : l.slice(left);
    return [{ text: shown || ' ', color: ok ? undefined : theme.error }];
  });
  const scrolls = all.length > maxLines || widest > width;
  const position = all.length > maxLines ? `lines ${top + 1}-${Math.min(all.length, top + maxLines)} of ${all.length} · ` : '';
  const keys = scrolls ? `${position}${all.length > maxLines ? '↑/↓ PgUp/PgDn' : ''}${all.length > maxLines && widest > width ? ' · ' : ''}${widest > width ? '←/→ sideways' : ''} · Esc to close` : 'Esc to close';
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={ok ? theme.accent : theme.error} paddingX={1}>
      <Text bold wrap="truncate">
        {title}
      </Text>
      <Canvas width={width} lines={lines} />
      <Text dimColor wrap="truncate">
        {keys}
      </Text>
    </Box>
  );
}
