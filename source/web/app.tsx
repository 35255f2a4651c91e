import { useState } from 'preact/hooks';
import { Dashboard } from './dashboard.js';
import { Login } from './login.js';
import { forgetToken, saveToken, takeToken } from './token.js';

/** Logged in or not: the token decides which of the two the page shows. */
export function App() {
  const [token, setToken] = useState<string | undefined>(takeToken);
  const [reason, setReason] = useState<string>();
  if (!token) {
    return (
      <Login
        reason={reason}
        onToken={(t) => {
          saveToken(t);
          setReason(undefined);
          setToken(t);
        }}
      />
    );
  }
  return (
    <Dashboard
      token={token}
      onLogout={(why) => {
        forgetToken();
        setReason(why);
        setToken(undefined);
      }}
    />
  );
}
