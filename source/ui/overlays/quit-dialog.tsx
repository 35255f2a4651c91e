import { Box, Text } from 'ink';
import type { Theme } from '../theme.js';

/** What quitting does with the strategies still running. */
export type QuitChoice = 'keep' | 'stop' | 'cancel';

/** The choices, in the order shown; the first is the default (nothing stops by surprise). */
export const QUIT_CHOICES: readonly { readonly choice: QuitChoice; readonly key: string; readonly label: string }[] = [
  { choice: 'keep', key: 'k', label: 'keep them running in the background (atapi daemon; attach again with atapi)' },
  { choice: 'stop', key: 's', label: 'stop them and quit (positions are kept)' },
  { choice: 'cancel', key: 'c', label: 'cancel: back to the app' },
];

export interface QuitDialogProps {
  readonly theme: Theme;
  /** Ids of the strategy instances running now. */
  readonly running: readonly string[];
  /** Index into QUIT_CHOICES of the highlighted choice. */
  readonly selected: number;
}

/** The quit question when strategies run: the view only (keys: `quitDialogKey`). */
export function QuitDialog({ theme, running, selected }: QuitDialogProps) {
  const shown = running.slice(0, 5);
  return (
    <Box flexDirection="column" borderStyle="double" borderColor={theme.accent} paddingX={1}>
      <Text bold>{`Quit atapi? ${running.length} strateg${running.length === 1 ? 'y is' : 'ies are'} running`}</Text>
      {shown.map((id) => (
        <Text key={id}>{`  ${id}`}</Text>
      ))}
      {running.length > shown.length ? <Text>{`  and ${running.length - shown.length} more`}</Text> : null}
      <Text> </Text>
      {QUIT_CHOICES.map((c, i) => (
        <Text key={c.choice} inverse={i === selected}>{`${i === selected ? '›' : ' '} ${c.key}  ${c.label}`}</Text>
      ))}
      <Text dimColor>{'↑ ↓ choose · Enter confirm · k / s / c at once · Esc cancel'}</Text>
    </Box>
  );
}

/** What a key does in the quit dialog: move the highlight, or decide. */
export type QuitKeyAction = { readonly kind: 'move'; readonly by: number } | { readonly kind: 'decide'; readonly choice: QuitChoice } | { readonly kind: 'none' };

/** The dialog's input mapping: keys to actions, nothing else (the keys are listed in DIALOG_KEYS). */
export function quitDialogKey(input: string, key: { upArrow?: boolean; downArrow?: boolean; return?: boolean; escape?: boolean; tab?: boolean }, selected: number): QuitKeyAction {
  if (key.upArrow) return { kind: 'move', by: -1 };
  if (key.downArrow || key.tab) return { kind: 'move', by: 1 };
  if (key.return) return { kind: 'decide', choice: QUIT_CHOICES[selected]?.choice ?? 'cancel' };
  if (key.escape || input === 'n') return { kind: 'decide', choice: 'cancel' };
  const direct = QUIT_CHOICES.find((c) => c.key === input);
  return direct ? { kind: 'decide', choice: direct.choice } : { kind: 'none' };
}

/** The highlight after a move, kept on the list. */
export function moveQuitSelection(selected: number, by: number): number {
  return Math.max(0, Math.min(QUIT_CHOICES.length - 1, selected + by));
}

/** Strategy instances of this venue the ledger has as running. */
export function runningStrategyIds(strategies: Readonly<Record<string, { readonly status: string; readonly venue: string }>>, venue: string): string[] {
  return Object.entries(strategies).filter(([, s]) => s.status === 'running' && s.venue === venue).map(([id]) => id);
}
