import { Box, Text } from 'ink';
import { QUIT_CHOICES, type QuitChoice } from '../../app/strategy-runtime/quit-strategies.js';
import type { Theme } from '../theme.js';

// The choices and who is running are the app's, shared with the shell's `quit`.
export { QUIT_CHOICES, runningStrategyIds, type QuitChoice } from '../../app/strategy-runtime/quit-strategies.js';

/** The dialog's own wording of the last choice: cancel brings the trader back to the app. */
const label = (c: (typeof QUIT_CHOICES)[number]): string => (c.choice === 'cancel' ? 'cancel: back to the app' : c.label);

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
        <Text key={c.choice} inverse={i === selected}>{`${i === selected ? '›' : ' '} ${c.key}  ${label(c)}`}</Text>
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
