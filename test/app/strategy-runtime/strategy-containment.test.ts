import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createSession, type Session } from '../../../source/app/session/session.js';
import { generateCandles } from '../../../source/adapters/candles/generated-candles.js';
import { CandleReplayVenue } from '../../../source/adapters/simulated/replay-venue.js';
import { runDaemon, type DaemonHandle } from '../../../source/app/daemon/run-daemon.js';
import { attachIfRunning } from '../../../source/app/daemon/attach.js';
import { runLine } from '../../../source/shell/run-line.js';
import { messageFor } from '../../../source/app/notify/notify-text.js';
import { tmpDir } from '../../helpers/tmp.js';
import { BUDGET_MS, REASON, replaySession, strategyFiles } from '../../helpers/bad-strategies.js';

const shell = (s: Session, line: string) => runLine(s, line, { source: 'shell', color: false });

test('shell and app session: a strategy that throws or loops in create() or its warm-up is refused at start with the reason; nothing else stops', async () => {
  const files = strategyFiles();
  const { session, venue } = await replaySession();
  try {
    // A healthy instance beside them, trading throughout.
    assert.ok((await shell(session, 'start sma BTC/USDT --size 200USDT --fast 3 --slow 8')).ok);
    for (const name of ['create-throws', 'create-loops', 'warmup-throws', 'warmup-loops']) {
      // The shell's start: one error line with the reason, no "internal error".
      const out = await shell(session, `start ${files[name]} BTC/USDT`);
      assert.equal(out.ok, false, name);
      assert.match(out.text, REASON[name], name);
      assert.doesNotMatch(out.text, /internal error|\n/, name);
      // The app starts through the same session call: the same reason.
      await assert.rejects(session.startStrategy({ strategy: files[name], symbol: 'BTC/USDT' }), (e: Error) => REASON[name].test(e.message), name);
    }
    // None of them is left recorded running (a retry would not make duplicates trade).
    assert.deepEqual(session.strategies().filter((v) => v.status === 'running').map((v) => v.name), ['sma']);
    while (venue.next()) await session.strategiesIdle();
    assert.ok(session.trades().length > 0, 'the healthy instance traded on');
    assert.ok((await shell(session, 'buy BTC/USDT 0.001')).ok, 'the session still takes orders');
  } finally {
    await session.close();
  }
});

test('shell and app session: a strategy that throws or loops on a live candle is stopped with the reason, shown by status and the Strategy pane; the other runs on', async () => {
  const files = strategyFiles();
  for (const name of ['live-throws', 'live-loops']) {
    const { session, venue } = await replaySession();
    try {
      assert.ok((await shell(session, 'start sma BTC/USDT --size 200USDT --fast 3 --slow 8')).ok);
      const out = await shell(session, `start ${files[name]} BTC/USDT`);
      assert.ok(out.ok, out.text);
      const id = session.strategies().find((v) => v.name === name)!.id;
      while (session.strategies().find((v) => v.id === id)!.status === 'running' && venue.next()) await session.strategiesIdle();
      const bad = session.strategies().find((v) => v.id === id)!;
      assert.equal(bad.status, 'stopped', name);
      // What the app's Strategy pane prints for it (v.problem), and the shell's status line.
      assert.match(bad.problem ?? '', REASON[name], name);
      // The reason says what happened, not the strategy's name again (the line names the instance).
      assert.match((await shell(session, `status ${id}`)).text, new RegExp(`^${id}: .*failed \\(${REASON[name].source}`), name);
      // Recorded: the notice is in the ledger with the reason (the app's Log tab shows it).
      assert.ok(session.state().ledger.notices.some((n) => n.level === 'error' && n.message.includes(id) && REASON[name].test(n.message)), name);
      const before = session.trades().length;
      while (venue.next()) await session.strategiesIdle();
      assert.ok(session.trades().length > before, `${name}: the healthy instance traded on`);
      assert.equal(session.strategies().find((v) => v.name === 'sma')!.status, 'running');
    } finally {
      await session.close();
    }
  }
});

test('daemon: a throwing or looping strategy is refused with the reason, and the daemon answers on', async () => {
  const files = strategyFiles();
  const dir = tmpDir();
  const { SettingsFile } = await import('../../../source/adapters/settings/settings-file.js');
  new SettingsFile(dir).set('strategy.timeBudgetMs', String(BUDGET_MS));
  let handle!: DaemonHandle;
  const log = new PassThrough();
  let logged = '';
  log.on('data', (c: Buffer) => (logged += c.toString()));
  await new Promise<void>((resolve) => {
    void runDaemon({ exchange: 'sim', seed: 9, dataDir: dir }, { env: {}, stderr: log }, { tickMs: 0, signals: [], onReady: (h) => { handle = h; resolve(); } });
  });
  const client = await attachIfRunning({ exchange: 'sim', dataDir: dir }, {});
  assert.ok(client);
  try {
    for (const name of ['create-throws', 'create-loops', 'warmup-throws', 'warmup-loops']) {
      await assert.rejects(client.startStrategy({ strategy: files[name], symbol: 'BTC/USDT' }), (e: Error) => REASON[name].test(e.message) && !/internal error/.test(e.message), name);
    }
    const r = await client.order({ symbol: 'BTC/USDT', side: 'buy', type: 'market', qty: 0.001 });
    assert.ok(r.ok, 'the daemon still places orders');
    assert.equal((await client.startStrategy({ strategy: 'sma', symbol: 'BTC/USDT', size: '100USDT' })).status, 'running');
    // The daemon's log says why each was stopped.
    const { tailDaemonLog } = await import('../../../source/app/daemon/daemon-log.js');
    const notices = tailDaemonLog(dir, 200).map((l) => JSON.parse(l) as { event: string; message?: string }).filter((l) => l.event === 'system/notice');
    for (const name of ['warmup-throws', 'warmup-loops']) assert.ok(notices.some((n) => n.message?.includes(`strategy ${name}-BTCUSDT-1m-`) && REASON[name].test(n.message)), name);
  } finally {
    await client.close();
    await handle.stop('test');
  }
});

test('a resumed instance that throws on its warm-up opens the session anyway, recorded stopped with the reason', async () => {
  const dir = tmpDir('atapi-resume-crash-');
  const flag = path.join(dir, 'broken');
  const file = path.join(dir, 'flaky.mjs');
  fs.writeFileSync(file, `import fs from 'node:fs';\nexport default { name: 'flaky', description: 'd', params: {}, create() { return { onCandle() { if (fs.existsSync(${JSON.stringify(flag)})) throw new Error('broken since the restart'); } }; } };\n`);
  const { nodeFs } = await import('../../../source/adapters/storage/storage-fs.js');
  const series = generateCandles(300, { seed: 9, timeframeMs: 60_000 });
  const open = () => {
    const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, startAt: 100 });
    // An injected disk takes no directory lock: this process opens the ledger again, as a restart would.
    return createSession({ persist: true, dataDir: dir, fs: nodeFs, venue, clock: () => venue.now });
  };
  const first = await open();
  const id = (await first.startStrategy({ strategy: file, symbol: 'BTC/USDT' })).id;
  await first.close();
  fs.writeFileSync(flag, '');
  const second = await open();
  try {
    const v = second.strategies().find((x) => x.id === id)!;
    assert.equal(v.status, 'stopped');
    assert.match(v.problem ?? '', /^onCandle\(\) threw at \d{4}-\d\d-\d\d \d\d:\d\d: broken since the restart$/);
    assert.ok(second.state().ledger.notices.some((n) => n.level === 'error' && n.message.includes(id) && /broken since the restart/.test(n.message)));
    assert.ok(!second.state().ledger.notices.some((n) => /not resumed/.test(n.message)), 'no "stop it with" advice for an instance already stopped');
  } finally {
    await second.close();
  }
});

test('a strategy stopped by a crash still says why after a restart: status ID, the Strategy pane, history', async () => {
  const files = strategyFiles();
  const dir = tmpDir('atapi-crash-reason-');
  const { nodeFs } = await import('../../../source/adapters/storage/storage-fs.js');
  const series = generateCandles(300, { seed: 9, timeframeMs: 60_000 });
  const open = (startAt: number) => {
    const venue = new CandleReplayVenue({ symbol: 'BTC/USDT', series, startAt });
    return { venue, session: createSession({ persist: true, dataDir: dir, fs: nodeFs, venue, clock: () => venue.now, strategyBudgetMs: BUDGET_MS }) };
  };
  const first = open(100);
  const s1 = await first.session;
  const id = (await s1.startStrategy({ strategy: files['live-throws'], symbol: 'BTC/USDT' })).id;
  while (s1.strategies().find((v) => v.id === id)!.status === 'running' && first.venue.next()) await s1.strategiesIdle();
  assert.equal(s1.strategies().find((v) => v.id === id)!.status, 'stopped');
  await s1.close();
  // A new process: nothing of the first one's runtime survives, only the ledger.
  const s2 = await open(200).session;
  try {
    const v = s2.strategies().find((x) => x.id === id)!;
    assert.equal(v.status, 'stopped');
    // The Strategy pane's detail line prints v.problem.
    assert.match(v.problem ?? '', REASON['live-throws']);
    assert.match((await shell(s2, `status ${id}`)).text, new RegExp(`^${id}: .*failed \\(${REASON['live-throws'].source}`));
    // strategies --all tells it from an instance the trader stopped; status names it.
    assert.match((await shell(s2, 'strategies --all')).text, new RegExp(`\\n${id} .* failed `));
    assert.match((await shell(s2, 'status')).text, new RegExp(`\\nfailed \\(status ID says why; strategies prune takes them off\\): ${id}$`));
    // The stop itself carries the reason as data; history (and a notification, in the same words) says it.
    assert.equal(s2.state().ledger.strategies[id]!.reason?.code, 'strategy.failed');
    assert.match(s2.state().ledger.strategies[id]!.reason!.text, /^onCandle\(\) threw at \d{4}-\d\d-\d\d \d\d:\d\d: live exploded$/);
    const history = (await shell(s2, 'history strategy/status')).text.split('\n').filter((l) => l.includes(`${id} stopped`));
    assert.equal(history.length, 1, history.join('\n'));
    assert.match(history[0]!, REASON['live-throws']);
    // A notification names the instance once: the reason says what threw and at which candle.
    const stop = s2.history({ type: 'strategy/status' }).findLast((e) => e.event.type === 'strategy/status' && e.event.data.strategyId === id)!;
    assert.match(messageFor(stop.event, s2.state(), s2.venue), new RegExp(`^strategy ${id} \\(live-throws BTC/USDT\\) was stopped by atapi: onCandle\\(\\) threw at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d: live exploded; it trades nothing until started again$`));
  } finally {
    await s2.close();
  }
});

test('status: an instance recorded running that could not resume is marked not live', async () => {
  const dir = tmpDir('atapi-status-not-live-');
  const file = path.join(dir, 'quiet.mjs');
  fs.writeFileSync(file, `export default { name: 'quiet', description: 'd', params: {}, create() { return { onCandle() {} }; } };\n`);
  const first = await createSession({ dataDir: dir, tickMs: 0, seed: 3 });
  const id = (await first.startStrategy({ strategy: file, symbol: 'BTC/USDT' })).id;
  await first.close();
  fs.writeFileSync(file, 'export default {\n');
  const second = await createSession({ dataDir: dir, tickMs: 0, seed: 3 });
  try {
    assert.match((await shell(second, 'status')).text, new RegExp(`strategies running: ${id} \\(not live\\); open orders: 0$`, 'm'));
  } finally {
    await second.close();
  }
});
