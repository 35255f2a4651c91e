import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

export interface CommandLineProps {
  readonly theme: Theme;
  readonly text: string;
  readonly hint?: string;
  /** What the line starts with: `:` for commands, `/` for the ticker filter. */
  readonly prompt?: string;
}

/** The `:` prompt; every shell command works here (Tab completes). */
export function CommandLine({ theme, text, hint, prompt = ':' }: CommandLineProps) {
  return (
    <Box flexDirection="column">
      {hint ? <Text dimColor wrap="truncate">{hint}</Text> : null}
      <Text color={theme.accent}>
        {prompt}
        <Text color={undefined}>{text}</Text>
        {'▏'}
      </Text>
    </Box>
  );
}
