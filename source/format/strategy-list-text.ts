/**
 * What an empty strategy list says, shell and Strategy pane alike: "none has run" only when
 * none has; after a prune, how many were taken off and where their figures still are.
 */
export function noneListed(pruned: number, next: string): string {
  if (pruned === 0) return `no strategy has run yet (${next})`;
  return `no strategy listed: ${pruned} pruned instance${pruned === 1 ? '' : 's'} (their figures: pnl --by strategy) (${next})`;
}
