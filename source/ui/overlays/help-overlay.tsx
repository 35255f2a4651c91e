import { Box, Text } from 'ink';
import { KEYMAP } from '../keymap.js';
import type { Theme } from '../theme.js';

/** Every key, generated from the keymap. */
export function HelpOverlay({ theme }: { readonly theme: Theme }) {
  return (
    <Box flexDirection="column" borderStyle="round" borderColor={theme.accent} paddingX={1}>
      <Text bold>Keys</Text>
      {KEYMAP.map((b) => (
        <Text key={b.command}>{`${b.label.padEnd(11)} ${b.description}`}</Text>
      ))}
      <Text dimColor>In a dialog: Enter confirms, Esc goes back. Esc closes this help.</Text>
    </Box>
  );
}
