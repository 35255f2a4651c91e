import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

export interface OutputOverlayProps {
  readonly theme: Theme;
  readonly title: string;
  readonly text: string;
  readonly ok: boolean;
  readonly maxLines: number;
}

/** Shows what a command printed; Esc (or any key) closes it. */
export function OutputOverlay({ theme, title, text, ok, maxLines }: OutputOverlayProps) {
  const lines = text.split('\n');
  const shown = lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `… ${lines.length - maxLines + 1} more lines (use atapi shell for long output)`] : lines;
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={ok ? theme.accent : theme.error} paddingX={1}>
      <Text bold>{title}</Text>
      {shown.map((l, i) => (
        <Text key={i} color={ok ? undefined : theme.error} wrap="truncate">
          {l || ' '}
        </Text>
      ))}
      <Text dimColor>Esc to close</Text>
    </Box>
  );
}
