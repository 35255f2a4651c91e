/**
 * Ends the process by the hang-up it was sent (exit status 129, as any program's at a terminal
 * that went away), once the session is closed (orders settled, ledger synced): a normal exit
 * would have Node give the dead terminal its settings back, which fails and aborts with an
 * assertion (nodejs/node#51519).
 */
export function endByHangUp(): void {
  process.removeAllListeners('SIGHUP');
  process.kill(process.pid, 'SIGHUP');
}
