import type { Key } from 'ink';
import type { Dispatch } from 'react';
import type { Session } from '../app/session/session.js';
import type { UiAction, UiState } from './ui-state.js';

/** What every key handler gets: the session, the UI state and how to change it, and the screen. */
export interface KeyContext {
  readonly session: Session;
  readonly ui: UiState;
  readonly dispatch: Dispatch<UiAction>;
  /** The symbols shown (the ticker filter applied), in order. */
  readonly symbols: readonly string[];
  /** All symbols of the venue: the layout sizes its bands by these, not by the filter. */
  readonly symbolTotal: number;
  readonly color: boolean;
  /** The terminal, for how far an output view can scroll. */
  readonly size: { readonly columns: number; readonly rows: number };
  /** Hears the answer to the quit question before the app exits (`keep`: the daemon takes over). */
  readonly onQuit?: (choice: 'keep' | 'stop') => void;
  /** Lines in the Log tab now, so moving its highlight stops at the last. */
  readonly logLines?: () => number;
}

/** A key that types text (not a control key, not Ctrl or Alt): what text fields take in. */
export const printable = (input: string, key: Key): boolean => input.length > 0 && !key.ctrl && !key.meta && !/[\u0000-\u001f\u007f]/.test(input);
