import assert from 'node:assert/strict';
import { test } from 'node:test';
import { markStartup, startupReport } from '../../source/app/startup-report.js';

test('the startup report: each stage with the wall and CPU time it took, in the order of a start, missing stages left out', () => {
  const report = startupReport([
    { name: 'atapi:launch', startTime: 40, detail: 70 },
    { name: 'atapi:bundle-read', startTime: 45, detail: 76 },
    { name: 'atapi:bundle-compiled', startTime: 55, detail: 86 },
    { name: 'atapi:main', startTime: 70, detail: 100 },
    { name: 'something else', startTime: 71, detail: 0 },
    // A shell or a one-shot opens no screen: no such stages, no such lines.
    { name: 'atapi:session-opened', startTime: 120, detail: 150 },
  ]).split('\n');
  assert.equal(report.length, 1 + 5, 'a heading and the five stages marked');
  assert.match(report[1], /node itself, the launcher loaded\s+40 \/\s+70\s+at\s+40 \/\s+70$/);
  assert.match(report[2], /bundle and its code cache read\s+5 \/\s+6\s+at\s+45 \/\s+76$/);
  assert.match(report[4], /command line's modules run\s+15 \/\s+14\s+at\s+70 \/\s+100$/);
  assert.match(report[5], /the session open .*\s+50 \/\s+50\s+at\s+120 \/\s+150$/);
});

test('a mark carries the CPU time of the process when it was made', () => {
  const before = process.cpuUsage();
  markStartup('test-stage');
  const mark = performance.getEntriesByName('atapi:test-stage')[0] as { readonly detail?: unknown };
  assert.ok(typeof mark.detail === 'number' && mark.detail >= (before.user + before.system) / 1000);
});
