import { useState } from 'preact/hooks';
import { ApiFailure } from './api-client.js';

/** A command waiting for the trader's yes: what it does, in words, and the call that does it. */
export interface PendingCommand {
  readonly title: string;
  readonly detail: string;
  readonly confirm: string;
  readonly run: () => Promise<unknown>;
  /** What the answer says, in words (default: done). */
  readonly said?: (answer: unknown) => string;
}

/** What the last command came to: done, or the API's refusal with its code. */
export interface CommandOutcome {
  readonly ok: boolean;
  readonly text: string;
}

export interface ConfirmProps {
  readonly pending: PendingCommand;
  readonly onClose: (outcome?: CommandOutcome) => void;
}

/** Asks once more before a command that moves money; the answer or refusal goes back to the page. */
export function Confirm({ pending, onClose }: ConfirmProps) {
  const [busy, setBusy] = useState(false);
  const go = async (): Promise<void> => {
    setBusy(true);
    try {
      const answer = await pending.run();
      onClose({ ok: true, text: `${pending.title}: ${pending.said ? pending.said(answer) : 'done'}` });
    } catch (err) {
      const r = err instanceof ApiFailure ? err.refusal : undefined;
      onClose({ ok: false, text: r ? `${pending.title} refused (${r.code}): ${r.message}` : `${pending.title} failed: ${String(err)}` });
    }
  };
  return (
    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
      <div class="box">
        <h2 id="confirm-title">{pending.title}?</h2>
        <p>{pending.detail}</p>
        <div class="buttons">
          <button onClick={() => onClose()} disabled={busy}>Keep as is</button>
          <button class="danger" onClick={go} disabled={busy}>{busy ? 'Sending…' : pending.confirm}</button>
        </div>
      </div>
    </div>
  );
}
