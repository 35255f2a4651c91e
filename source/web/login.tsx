import { useState } from 'preact/hooks';
import { ApiFailure, readStatus } from './api-client.js';

export interface LoginProps {
  /** Why the page asks again (a wrong or rotated token). */
  readonly reason?: string;
  readonly onToken: (token: string) => void;
}

/** Asks for the API token and checks it with one read before the page uses it. */
export function Login({ reason, onToken }: LoginProps) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(reason);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    const t = token.trim();
    if (!t) return setError('paste the token: atapi api token prints it');
    setBusy(true);
    try {
      await readStatus(t);
      onToken(t);
    } catch (err) {
      setError(err instanceof ApiFailure ? (err.refusal.status === 401 ? 'refused: that is not the daemon\'s API token (atapi api token prints it)' : err.message) : String(err));
      setBusy(false);
    }
  };
  return (
    <main class="login">
      <form onSubmit={submit} aria-label="log in">
        <h1>atapi</h1>
        <p>The daemon's status page. Log in with its API token: <code>atapi api token</code> prints it.</p>
        <label for="token">API token</label>
        <input id="token" name="token" type="password" autocomplete="off" spellcheck={false} value={token} onInput={(e) => setToken((e.target as HTMLInputElement).value)} />
        <button type="submit" disabled={busy}>{busy ? 'Checking…' : 'Log in'}</button>
        {error ? <p class="error" role="alert">{error}</p> : null}
        <p class="hint">The token is kept in this tab only (session storage) and sent to this daemon only.</p>
      </form>
    </main>
  );
}
