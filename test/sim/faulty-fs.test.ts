import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FaultyFs, SimulatedCrash } from '../../sim/faulty-fs.js';
import { seededRandom as seeded } from '../helpers/seeded.js';


test('faulty fs: synced bytes survive a crash, unsynced ones survive as a prefix', async () => {
  const lengths = new Set<number>();
  for (let seed = 1; seed <= 40; seed++) {
    const disk = new FaultyFs({ random: seeded(seed) });
    disk.mkdir('/d');
    const fd = disk.openAppend('/d/log');
    await disk.write(fd, Buffer.from('durable|'), 0, 8);
    await disk.fdatasync(fd);
    await disk.write(fd, Buffer.from('volatile'), 0, 8);
    const after = disk.crash();
    assert.throws(() => disk.exists('/d/log'), SimulatedCrash);
    const text = after.readFile('/d/log').toString();
    assert.ok('durable|volatile'.startsWith(text) && text.startsWith('durable|'), text);
    lengths.add(text.length);
  }
  assert.ok(lengths.size > 3, 'different seeds keep different prefixes');
});

test('faulty fs: the same seed gives the same disk after a crash', async () => {
  const run = async () => {
    const disk = new FaultyFs({ random: seeded(7), zeroTails: true });
    disk.mkdir('/d');
    const fd = disk.openAppend('/d/log');
    for (let i = 0; i < 20; i++) await disk.write(fd, Buffer.from(`record ${i}\n`), 0, `record ${i}\n`.length);
    return disk.crash().readFile('/d/log').toString('hex');
  };
  assert.equal(await run(), await run());
});

test('faulty fs: a full disk writes partially, then ENOSPC, and works again once freed', async () => {
  const disk = new FaultyFs({ random: seeded(1) });
  disk.mkdir('/d');
  const fd = disk.openAppend('/d/log');
  disk.diskFullAfter(5);
  assert.equal(await disk.write(fd, Buffer.from('0123456789'), 0, 10), 5);
  await assert.rejects(disk.write(fd, Buffer.from('56789'), 0, 5), (e: NodeJS.ErrnoException) => e.code === 'ENOSPC');
  assert.throws(() => disk.writeFileDurable('/d/other', 'x'), (e: NodeJS.ErrnoException) => e.code === 'ENOSPC');
  assert.equal(disk.readFile('/d/other').length, 0, 'a real full disk leaves the new file empty');
  disk.freeSpace();
  assert.equal(await disk.write(fd, Buffer.from('56789'), 0, 5), 5);
  assert.equal(disk.readFile('/d/log').toString(), '0123456789');
  assert.equal(disk.faults.diskFull, 2);
});

test('faulty fs: a failed fdatasync leaves its bytes in doubt even after a later sync succeeds', async () => {
  let lost = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const disk = new FaultyFs({ random: seeded(seed) });
    disk.mkdir('/d');
    const fd = disk.openAppend('/d/log');
    await disk.write(fd, Buffer.from('aaaa'), 0, 4);
    disk.failSyncs(1);
    await assert.rejects(disk.fdatasync(fd), (e: NodeJS.ErrnoException) => e.code === 'EIO');
    await disk.fdatasync(fd);
    if (disk.crash().readFile('/d/log').length < 4) lost++;
  }
  assert.ok(lost > 0, 'bytes behind a failed fsync can be lost');
});

test('faulty fs: a torn write lands up to byte k and the machine is dead from then on', async () => {
  const disk = new FaultyFs({ random: () => 0 });
  disk.mkdir('/d');
  const fd = disk.openAppend('/d/log');
  await disk.write(fd, Buffer.from('abc'), 0, 3);
  await disk.fdatasync(fd);
  disk.tearAfter(2);
  await assert.rejects(disk.write(fd, Buffer.from('defgh'), 0, 5), SimulatedCrash);
  assert.ok(disk.crashed);
  assert.throws(() => disk.size(fd), SimulatedCrash);
  const after = disk.crash();
  assert.equal(after.readFile('/d/log').toString(), 'abc', 'random 0 keeps none of the unsynced bytes');
  const keepAll = new FaultyFs({ random: () => 0.999999 });
  keepAll.mkdir('/d');
  const fd2 = keepAll.openAppend('/d/log');
  keepAll.tearAfter(2);
  await assert.rejects(keepAll.write(fd2, Buffer.from('defgh'), 0, 5), SimulatedCrash);
  assert.equal(keepAll.crash().readFile('/d/log').toString(), 'de');
});
