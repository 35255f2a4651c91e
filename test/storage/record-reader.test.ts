import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FAST, OTHER, kernel } from '../../source/adapters/storage/scan-kernel.js';

/** The tape of one record's JSON (as the log's reader reads it): [kind, first, last, ts, count, prev, ...values]. */
function read(json: string): number[] {
  const bytes = Buffer.from(json, 'latin1');
  const tape = kernel.tapeOf(bytes, 0, bytes.length);
  return [tape[0], ...tape.slice(4)];
}

test('a record\'s seqs and time read the same whether or not its last seq repeats its first, and whatever the digits around', () => {
  const cases: [string, number, number, number][] = [
    ['[5,5,1700000000001,[[2,"1","x1",0]],4]', 5, 5, 1700000000001],
    ['[12,12,7,[[8,"a","b"]],11]', 12, 12, 7],
    ['[12,13,0,[[8,"a","b"],[8,"c","d"]],11]', 12, 13, 0],
    ['[9,10,1.5,[[8,"a","b"],[8,"c","d"]]]', 9, 10, 1.5],
    ['[99,100,2e3,[[8,"a","b"],[8,"c","d"]],98]', 99, 100, 2000],
    ['[123456,123456,1700000000123,[[8,"a","b"]],123455]', 123456, 123456, 1700000000123],
  ];
  for (const [json, first, last, ts] of cases) {
    const tape = read(json);
    assert.deepEqual(tape.slice(0, 4), [FAST, first, last, ts], json);
    assert.deepEqual(tape.slice(0, 4), [FAST, ...(JSON.parse(json) as number[]).slice(0, 3)], json);
  }
  // A last seq that starts with the first's digits but is longer, or leads with a 0, is not the first.
  for (const json of ['[12,120,1,[[8,"a","b"]],11]', '[1,10,1,[[8,"a","b"]]]', '[1,01,1,[[8,"a","b"]]]', '[1,1.0,1,[[8,"a","b"]]]', '[7,7', '[7,7,']) {
    assert.equal(read(json)[0], OTHER, json);
  }
});

test('a lone digit reads as the number it is, before a comma or a list\'s end, and anything longer goes to the number reader', () => {
  const json = '[3,3,1,[[7,"sim",0,["USDT",5,0,"BTC",0,9,"ETH",10,0.5,"XRP",-1,1e1]]],2]';
  const tape = read(json);
  assert.equal(tape[0], FAST);
  // After the kind, first, last, ts, count and prev: the code, venue (3), full and count, then per asset its word (3), free and locked.
  const assets = tape.slice(1 + 5 + 1 + 3 + 2);
  const values = [];
  for (let i = 0; i < assets.length; i += 5) values.push(assets[i + 3], assets[i + 4]);
  assert.deepEqual(values, [5, 0, 0, 9, 10, 0.5, -1, 10]);
  for (const bad of ['[3,3,1,[[7,"sim",0,["USDT",05,0]]]]', '[3,3,1,[[7,"sim",0,["USDT",5x,0]]]]', '[3,3,1,[[7,"sim",0,["USDT",5,0]]]', '[3,3,1,[[7,"sim",0,["USDT",5,']) {
    assert.equal(read(bad)[0], OTHER, bad);
  }
  // Cut at every byte, the record never reads as whole.
  for (let end = 0; end < json.length; end++) assert.notEqual(kernel.tapeOf(Buffer.from(json), 0, end)[0], FAST, `cut at ${end}`);
});

test('a record\'s time reads as JSON.parse reads it, whatever it shares with the time of the record before', () => {
  const times = ['1700000000001', '1700000000002', '1700000000010', '1700000000010', '1699999999999', '17', '170', '1.5', '1700000000001', '1700000000001.5', '1700000000001', '17e2', '1700000000001',
    '170000000000123', '1700000000001234', '1700000000001', '0', '1700000000001', '-1700000000001', '99', '999', '1000', '10', '1', '12', '123456789012345', '123456789012346', '1234567890123456', '123', '900719925474099', '9007199254740993', '9007199254740995', '90071992547409951'];
  let seq = 0;
  for (const ts of times) {
    seq++;
    const json = `[${seq},${seq},${ts},[[8,"a","b"]],${seq - 1}]`;
    const tape = read(json);
    assert.equal(tape[0], FAST, json);
    assert.ok(Object.is(tape[3], JSON.parse(ts) as number), `${ts} read as ${tape[3]}`);
  }
  // Not a JSON number: never read, whatever came before.
  for (const ts of ['1700000000001', '017000000000', '1700000000001', '1700000000001.', '1700000000001', '17000000000e', '1700000000001', '1700000000001x']) {
    const json = `[1,1,${ts},[[8,"a","b"]]]`;
    assert.equal(read(json)[0], /^(0|[1-9]\d*)$/.test(ts) ? FAST : OTHER, json);
  }
});

test('a number in any place reads as JSON.parse reads it: integers of up to 15 digits without a call of the number reader, anything else with it', () => {
  const numbers = ['100', '9999', '10000', '1700000000001', '123456789012345', '999999999999999', '1234567890123456', '9007199254740993', '90071992547409935', '12345678901234567890',
    '100.5', '0.5', '0.051500000000000004', '1e2', '1E+2', '100e-2', '10.0', '-5', '-0', '-100', '0', '7', '42', '1.5e300'];
  for (const x of numbers) {
    // A balance's free and locked (`n`), an order's quantity (`n`) and price (`N`).
    const balances = `[3,3,1,[[7,"sim",0,["USDT",${x},${x}]]],2]`;
    const order = `[2,2,1,[[1,"sim","BTC/USDT","buy","limit",${x},"GTC","1","t-1","submitted",0,0,0,1,1,${x},null,null,null,null]],1]`;
    const b = read(balances);
    assert.equal(b[0], FAST, balances);
    assert.ok(Object.is(b.at(-1), JSON.parse(x)) && Object.is(b.at(-2), JSON.parse(x)), `${x} read as ${b.at(-2)}, ${b.at(-1)}`);
    const o = read(order);
    assert.equal(o[0], FAST, order);
    // After the kind, first, last, ts, count and prev: the code, then w w w w (3 each), then the quantity.
    assert.ok(Object.is(o[1 + 5 + 1 + 12], JSON.parse(x)), `quantity ${x} read as ${o[1 + 5 + 1 + 12]}`);
    // The price: after the quantity, w (3), s s (2 each), w (3), then five n.
    assert.ok(Object.is(o[1 + 5 + 1 + 12 + 1 + 3 + 4 + 3 + 5], JSON.parse(x)), `price ${x} read as ${o[1 + 5 + 1 + 12 + 1 + 3 + 4 + 3 + 5]}`);
  }
  // Not JSON numbers: never read fast.
  for (const x of ['00', '01', '1.', '-', '.5', '1e', '+1', '1x', '0x10', '1_000']) {
    assert.equal(read(`[3,3,1,[[7,"sim",0,["USDT",${x},0]]],2]`)[0], OTHER, x);
    assert.equal(read(`[2,2,1,[[1,"sim","BTC/USDT","buy","limit",1,"GTC","1","t-1","submitted",0,0,0,1,1,${x},null,null,null,null]],1]`)[0], OTHER, x);
  }
});
