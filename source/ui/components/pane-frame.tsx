import { Box, Text } from 'ink';
import type { ReactNode } from 'react';
import type { Theme } from '../theme.js';

export interface PaneFrameProps {
  /** Shown in the top border; marked when focused so it reads without colour too. */
  readonly title: string;
  readonly focused: boolean;
  readonly theme: Theme;
  readonly width?: number | string;
  readonly height?: number;
  readonly children: ReactNode;
}

export function PaneFrame({ title, focused, theme, width, height, children }: PaneFrameProps) {
  return (
    <Box flexDirection="column" borderStyle={focused ? 'double' : 'single'} borderColor={focused ? theme.focus : theme.border} width={width} height={height} overflow="hidden" flexGrow={1}>
      {/* The title never gives up its line, however full the pane. */}
      <Box flexShrink={0}>
        <Text bold={focused} color={focused ? theme.focus : undefined} wrap="truncate">
          {focused ? `▶ ${title}` : `  ${title}`}
        </Text>
      </Box>
      {children}
    </Box>
  );
}
