import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

export interface ConfirmDialogProps {
  readonly theme: Theme;
  readonly title: string;
  readonly lines: readonly string[];
  /** When set, the user must type this exactly (LIVE orders): shown with what was typed. */
  readonly typeToConfirm?: string;
  readonly typed?: string;
  readonly danger?: boolean;
}

export function ConfirmDialog({ theme, title, lines, typeToConfirm, typed = '', danger }: ConfirmDialogProps) {
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={danger ? theme.down : theme.accent} paddingX={1}>
      <Text bold>{title}</Text>
      {lines.map((l, i) => (
        <Text key={i}>{l}</Text>
      ))}
      {typeToConfirm ? <Text>{`Type ${typeToConfirm} to confirm: ${typed}▏`}</Text> : <Text bold>{'Enter / y: confirm    Esc / n: back'}</Text>}
    </Box>
  );
}
