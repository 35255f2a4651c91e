// Preloaded into each test file's process by bench/suite.ts: at exit, writes the CPU the process
// and the children it waited for spent (Linux /proc/self/stat: utime, stime, cutime, cstime),
// so the bench can tell a file that computes from one that waits (on processes, sockets,
// timers). Elsewhere it writes nothing and the bench leaves the figure out.
import fs from 'node:fs';

process.on('exit', () => {
  let stat;
  try {
    stat = fs.readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return;
  }
  // Fields after the command name (which may hold spaces): state is field 3, utime field 14.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = fields.slice(11, 15).reduce((s, f) => s + Number(f), 0);
  // USER_HZ is 100 on Linux whatever the kernel's HZ (sysconf _SC_CLK_TCK).
  fs.writeSync(2, `\n# atapi-cpu-seconds ${ticks / 100}\n`);
});
