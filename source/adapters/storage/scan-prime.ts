import type { ReadAt, ScanKernel } from './scan-kernel.js';

/**
 * Runs a kernel's reading (scan-kernel.ts) once over a few lines that take every path a log
 * can (each code and its null and non-null values, numbers negative, long and with exponents,
 * an escape, a bad checksum, a torn end, records cut at every byte and at chunk ends) before
 * a large log. V8 compiles a hot function for the paths it has seen run: a path first taken
 * later (the first record cut by a chunk's end, the first negative number) threw the compiled
 * code away and it was compiled again, the reader and everything inlined into it, three times
 * in a cold start (a fifth of a second of a compiler thread's time on a 2-core machine, beside
 * the two threads that replay). A millisecond; nothing of it stays in the kernel but the word
 * numbers of the sample's few words. Only for a kernel about to read a large log: the runs
 * make the reader hot, and compiling it for a few records would be the waste this saves.
 *
 * Self-contained like the kernel: the scan worker runs its source text.
 */
export function primeScanKernel(k: ScanKernel): void {
  const lines = [
    '[1,1,1,[[7,"sim",1,["USDT",10000,0,"BTC",0.5,-0.25,"ETH",123456789012.5,1]]],0]',
    '[2,2,1,[[1,"sim","BTC/USDT","buy","limit",0.5,"GTC","1","t-1","submitted",0,0,0,1,1,100,null,null,null,null]],1]',
    '[3,3,1,[[1,"sim","BTC/USDT","sell","market",1e-7,"IOC","2","t-2","open",0.25,101.5,0.051500000000000004,2,3,null,-1.5E+3,"s-1","x2","why"]],2]',
    '[4,5,1,[[2,"1","x1",0],[3,"f1","1","sim","BTC/USDT","buy",0.5,100,0.05,"USDT","taker",2]],3]',
    '[6,9,1,[[4,"f2","2","sim","BTC/USDT","sell",0.25,99.5,0,"USDT","maker",2],[5,"2","user",9],[6,"3","no funds",9],[8,"buy BTC/USDT 0.5","shell"]],5]',
    '[10,11,1,[[7,"sim",0,[]],[8,"a","b"]]]',
    '[12,12,1,[[2,"a\\"b","x",0]],11]',
    '[12,12,1,[[9,1]],11]',
    '[12,12,1,[{"type":"x"}],11]',
  ];
  const ascii = (text: string): Uint8Array => {
    const b = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) b[i] = text.charCodeAt(i);
    return b;
  };
  let text = '';
  for (const json of lines) {
    const b = ascii(json);
    text += `${k.crc32Range(b, 0, b.length).toString(16).padStart(8, '0')} ${json}\n`;
    // Cut at every byte: each place the reader meets the end.
    for (let end = 0; end < b.length; end++) k.tapeOf(b, 0, end);
  }
  const bytes = ascii(`${text}00000000 [13,13,1,[[8,"bad","sum"]],12]\n[14,14,1,[[8,"torn"`);
  const read: ReadAt = (buf, at, length, position) => {
    const n = Math.min(length, bytes.length - position);
    buf.set(bytes.subarray(position, position + n), at);
    return n;
  };
  const none = (): void => undefined;
  // Chunks smaller than a line (the buffer grows) and of a few lines, with and without a spare.
  for (const size of [64, 300]) {
    k.readChunks(read, 0, bytes.length, size, true, none);
    let flip = false;
    k.readChunks(read, 0, bytes.length, size, true, none, { bytes: () => undefined, tape: () => undefined, check: () => (flip = !flip) });
  }
}

/**
 * Runs a kernel's `checkChunk` a few times over chunks good and bad, as `primeScanKernel`
 * does for the reading: the main thread checks the chunks the scan worker leaves to it, and a
 * check compiled before its first chunk was done (the sum compared, a bad line looked for)
 * was thrown away at the end of every chunk (a hundred times in a cold start). Its reader is
 * not run: this thread's reader mostly stays idle, and compiling it would be the waste.
 */
export function primeChunkCheck(k: ScanKernel): void {
  const lines = ['[1,1,1,[[8,"a","b"]]]', '[2,2,1,[[8,"cd","e"]],1]', '[3,3,1,[[8,"f","gh"]],2]'];
  let text = '';
  const tape = new Float64Array(4 * (lines.length + 2));
  for (let i = 0; i < lines.length; i++) {
    const json = lines[i];
    const b = new Uint8Array(json.length);
    for (let j = 0; j < json.length; j++) b[j] = json.charCodeAt(j);
    const line = `${k.crc32Range(b, 0, b.length).toString(16).padStart(8, '0')} ${json}`;
    tape.set([2, text.length, text.length + line.length, 4 * (i + 1)], 4 * i);
    text += `${line}\n`;
  }
  // A bad checksum, then a torn end.
  const bad = `00000000 ${lines[0]}`;
  tape.set([2, text.length, text.length + bad.length, 4 * (lines.length + 1)], 4 * lines.length);
  text += `${bad}\n[4,4`;
  tape.set([4, text.length - 4, text.length, 4 * (lines.length + 2)], 4 * (lines.length + 1));
  const bytes = new Uint8Array(text.length);
  for (let j = 0; j < text.length; j++) bytes[j] = text.charCodeAt(j);
  const copy = new Float64Array(tape.length);
  for (let round = 0; round < 16; round++) {
    copy.set(tape);
    k.checkChunk(bytes, copy, 4 * lines.length);
    copy.set(tape);
    k.checkChunk(bytes, copy, copy.length);
  }
}
