/**
 * What a cancel by hand adds when the order was a running strategy instance's: the instance
 * still wants it (a grid lays its book again at its next close), so the cancel alone does not
 * take it off for good. Said where the cancel is answered (the shell, the app's Orders pane),
 * so a trader who cancelled it does not find it back unexplained.
 */
export function strategyOrderCancelNote(order: { readonly strategyId?: string }, instances: readonly { readonly id: string; readonly status: string }[]): string {
  const id = order.strategyId;
  if (id === undefined || !instances.some((v) => v.id === id && v.status === 'running')) return '';
  return `; it was ${id}'s, which still runs and may place it again at its next close (stop ${id} to take its orders down)`;
}
