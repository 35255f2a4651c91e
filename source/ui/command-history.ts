import type { Session } from '../app/session/session.js';
import { appendHistory, historyFile, HISTORY_MAX, loadHistory } from '../shell/history-file.js';

/** The lines run on the `:` line, newest first: kept across opens, and shared with the shell's history file. */
export interface CommandHistory {
  readonly lines: () => readonly string[];
  readonly add: (line: string) => void;
}

const histories = new WeakMap<Session, string[]>();

/** The session's history: read from the data directory's shell history once, then kept here and appended to it. */
export function commandHistory(session: Session): CommandHistory {
  const file = historyFile(session.dataDir);
  const lines = (): string[] => {
    let list = histories.get(session);
    if (!list) histories.set(session, (list = file ? loadHistory(file) : []));
    return list;
  };
  return {
    lines,
    add(line) {
      const list = lines();
      // A repeat of the last line is not kept twice (readline's removeHistoryDuplicates off, its default for a repeat in a row).
      if (list[0] === line) return;
      list.unshift(line);
      if (list.length > HISTORY_MAX) list.length = HISTORY_MAX;
      if (file) appendHistory(file, line);
    },
  };
}
