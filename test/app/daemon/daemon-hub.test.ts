import assert from 'node:assert/strict';
import { test } from 'node:test';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createSession } from '../../../source/app/session/session.js';
import { createDaemonHub, type Peer } from '../../../source/app/daemon/daemon-hub.js';
import { lineReader } from '../../../source/app/daemon/protocol.js';
import { DEFAULT_LIMITS } from '../../../source/engine/risk.js';

/** A client the test plays: what the hub wrote to it, how much it left unread, whether it was hung up. */
function fakePeer(): Peer & { lines: string[]; unread: number; ended: boolean; destroyed: boolean } {
  const p = {
    lines: [] as string[],
    unread: 0,
    ended: false,
    destroyed: false,
    write(line: string) {
      p.lines.push(line);
    },
    backlog: () => p.unread,
    end() {
      p.ended = true;
    },
    destroy() {
      p.destroyed = true;
    },
  };
  return p;
}

async function hubOn(limits: { maxClients?: number; maxBacklog?: number; maxLine?: number }) {
  const session = await createSession({ persist: false, tickMs: 0, seed: 2, notifyIntervalMs: 0 });
  const hub = createDaemonHub(session, { ...limits, info: { pid: 1, startedAt: 1, venue: session.venue, label: session.label, mode: session.mode, limits: DEFAULT_LIMITS } });
  return { session, hub };
}

test('line reader: lines across chunks, a character split between chunks, an overlong line dropped once', () => {
  const lines: string[] = [];
  let overflows = 0;
  const read = lineReader((l) => lines.push(l), () => overflows++, 16);
  const euro = Buffer.from('€', 'utf8');
  read(Buffer.concat([Buffer.from('{"a":"'), euro.subarray(0, 1)]));
  read(Buffer.concat([euro.subarray(1), Buffer.from('"}\n\n{"b":1}\n{"c"')]));
  read(Buffer.from(':2}\n'));
  assert.deepEqual(lines, ['{"a":"€"}', '{"b":1}', '{"c":2}']);
  read(Buffer.from('0123456789abcdef'));
  assert.equal(overflows, 0, 'a line of exactly the limit is kept');
  read(Buffer.from('\n'));
  assert.equal(lines.at(-1), '0123456789abcdef');
  for (let i = 0; i < 1_000; i++) read(Buffer.alloc(64, 0x61));
  assert.equal(overflows, 1, 'told once, then nothing more is read');
  read(Buffer.from('\n{"d":1}\n'));
  assert.equal(lines.length, 4);
});

test('hub: past the limit of terminals the next is refused in one line, may still ask the status, and is hung up', async () => {
  const { session, hub } = await hubOn({ maxClients: 2 });
  try {
    const a = fakePeer();
    const b = fakePeer();
    hub.accept(a);
    hub.accept(b);
    assert.match(a.lines[0], /^\{"type":"hello"/);
    assert.equal(hub.clients(), 2);
    const c = fakePeer();
    const conn = hub.accept(c);
    assert.equal(hub.clients(), 2);
    const refused = JSON.parse(c.lines[0]) as { type: string; reason: string };
    assert.equal(refused.type, 'refused');
    assert.match(refused.reason, /^the daemon serves at most 2 terminals at once/);
    conn.data('{"id":4,"method":"daemon.status","args":[]}\n');
    const reply = JSON.parse(c.lines[1]) as { id: number; result: { clients: number } };
    assert.equal(reply.id, 4);
    assert.equal(reply.result.clients, 2, 'the refused asker is not counted');
    assert.ok(c.ended);
    // A refused connection asking anything else is hung up without an answer.
    const d = fakePeer();
    hub.accept(d).data('{"id":1,"method":"buy","args":["BTC/USDT",1]}\n');
    assert.equal(d.lines.length, 1);
    assert.ok(d.ended);
    // At most as many refused ones wait to ask as terminals may attach: past that the oldest is hung up.
    const waiting = [fakePeer(), fakePeer(), fakePeer()];
    for (const w of waiting) hub.accept(w);
    assert.deepEqual(waiting.map((w) => w.destroyed), [true, false, false]);
  } finally {
    await hub.closeAll('over', 0);
    await session.close();
  }
});

test('hub: a terminal that leaves more than its backlog unread is dropped; an overlong request is told why and hung up', async () => {
  const { session, hub } = await hubOn({ maxBacklog: 1_000, maxLine: 100 });
  try {
    const slow = fakePeer();
    const fine = fakePeer();
    const conn = hub.accept(slow);
    hub.accept(fine);
    // It read nothing: its hello and more than the allowance beyond it.
    slow.unread = slow.lines[0].length + 1_001;
    session.watch('BTC/USDT', true);
    assert.ok(slow.destroyed, 'the slow terminal is dropped');
    assert.equal(hub.clients(), 1);
    assert.equal(fine.lines.length, 2, 'the other one got the batch');
    conn.closed();
    hub.accept(fine);
    const greedy = fakePeer();
    hub.accept(greedy).data(`{"id":1,"method":"daemon.status","args":["${'x'.repeat(200)}`);
    const told = JSON.parse(greedy.lines[1]) as { error: { message: string; user: boolean } };
    assert.match(told.error.message, /^bad request: a line longer than 100 bytes/);
    assert.ok(greedy.ended && told.error.user);
  } finally {
    await hub.closeAll('over', 0);
    await session.close();
  }
});

test('hub: the hello of a terminal that left is not kept once the state moved on (a daemon left running holds no stale copy of its state)', async () => {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const { session, hub } = await hubOn({});
  try {
    const a = fakePeer();
    const b = fakePeer();
    const conn = hub.accept(a);
    let attachedTo: WeakRef<object> | undefined = new WeakRef(session.state());
    // Two terminals attaching before the state changes share one hello.
    hub.accept(b).closed();
    assert.equal(b.lines[0], a.lines[0]);
    conn.closed();
    assert.equal(hub.clients(), 0);
    session.watch('BTC/USDT', true);
    assert.notEqual(session.state(), attachedTo.deref(), 'the state moved on');
    // A WeakRef read in this turn keeps its target until the turn ends.
    await new Promise((r) => setImmediate(r));
    gc();
    assert.equal(attachedTo.deref(), undefined, 'the state the hello was made of is collected');
    attachedTo = undefined;
    // The next terminal gets the state as it is now.
    const c = fakePeer();
    hub.accept(c);
    assert.match(c.lines[0], /"BTC\/USDT"/);
  } finally {
    await hub.closeAll('over', 0);
    await session.close();
  }
});
