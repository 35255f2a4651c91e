// Preloaded into each test file's process by bench/suite.ts: at exit, writes the CPU the process
// and the children it waited for spent (Linux /proc/self/stat: utime, stime, cutime, cstime),
// so the bench can tell a file that computes from one that waits (on processes, sockets,
// timers). Elsewhere it writes nothing and the bench leaves the figures out.
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
  // The main thread's time on a core and waiting for one (ns): the rest of its life it slept,
  // on timers, sockets and other processes, time another file could have used the core.
  let sched = '';
  try {
    const [run, queued] = fs.readFileSync('/proc/self/schedstat', 'utf8').split(' ').map(Number);
    sched = `\n# atapi-sched-seconds ${run / 1e9} ${queued / 1e9} ${process.uptime()}`;
  } catch {
    // No schedstat (a kernel without CONFIG_SCHEDSTATS): the CPU figure alone.
  }
  fs.writeSync(2, `\n# atapi-cpu-seconds ${ticks / 100}${sched}\n`);
});
