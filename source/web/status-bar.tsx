import { spanText } from '../domain/span-text.js';
import { stamp } from './format.js';
import type { LinkToDaemon } from './use-dashboard.js';
import type { StatusBody } from './types.js';

export interface StatusBarProps {
  readonly status: StatusBody;
  readonly stream: LinkToDaemon;
  readonly onLogout: () => void;
  /** Given when api.webCommands is on. */
  readonly onFlatten?: () => void;
  readonly onResume?: () => void;
}

/** The daemon's health at a glance: venue and mode, the exchange link, the event stream, uptime, the kill switch. */
export function StatusBar({ status, stream, onLogout, onFlatten, onResume }: StatusBarProps) {
  const link = status.link.state;
  const linkTone = link === 'connected' ? 'up' : link === 'unknown' || link === 'connecting' ? 'warn' : 'down';
  return (
    <header class="bar">
      <div class="title">
        <h1>atapi</h1>
        <span class={`mode ${status.mode}`}>{status.mode}</span>
        <span>{status.label}</span>
      </div>
      <dl class="health">
        <div><dt>Exchange</dt><dd class={linkTone} id="link" title={status.link.detail}>{link}</dd></div>
        <div><dt>Updates</dt><dd class={stream === 'live' ? 'up' : 'warn'} id="stream">{stream}</dd></div>
        <div><dt>Daemon</dt><dd class={status.stopping ? 'warn' : 'up'}>{status.stopping ? 'stopping' : `up ${spanText(status.uptimeMs)}`}</dd></div>
        <div><dt>Terminals</dt><dd>{status.clients}</dd></div>
      </dl>
      <div class="actions">
        {onFlatten && !status.halted ? <button class="danger" onClick={onFlatten}>Kill switch</button> : null}
        {onResume && status.halted ? <button onClick={onResume}>Resume trading</button> : null}
        <button class="quiet" onClick={onLogout}>Log out</button>
      </div>
      {status.halted ? (
        <p class="halted" role="status">
          Trading halted since {stamp(status.halted.since)} UTC by {status.halted.rule ? `the protection ${status.halted.rule}` : status.halted.source}
          {status.halted.reason ? `: ${status.halted.reason}` : ''}. Orders that open or add a position are refused until resumed; those that reduce one pass.
        </p>
      ) : null}
    </header>
  );
}
