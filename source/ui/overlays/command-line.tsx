import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

export interface CommandLineProps {
  readonly theme: Theme;
  readonly text: string;
  /** What to read before typing, above the line: one row per line (`\n`), each cut at the width rather than wrapped. */
  readonly hint?: string;
  /** What the line starts with: `:` for commands, `/` for the ticker filter. */
  readonly prompt?: string;
  /** Where the cursor is (the end when unset). */
  readonly cursor?: number;
}

/** The `:` prompt; every shell command works here (Tab completes); the bar marks the cursor. */
export function CommandLine({ theme, text, hint, prompt = ':', cursor = text.length }: CommandLineProps) {
  return (
    <Box flexDirection="column">
      {hint ? hint.split('\n').map((line, i) => <Text key={i} dimColor wrap="truncate">{line}</Text>) : null}
      <Text color={theme.accent}>
        {prompt}
        <Text color={undefined}>{text.slice(0, cursor)}</Text>
        {'▏'}
        <Text color={undefined}>{text.slice(cursor)}</Text>
      </Text>
    </Box>
  );
}
