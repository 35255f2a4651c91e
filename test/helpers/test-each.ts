import { test } from 'node:test';

/** A test as node:test names it, with a body that takes no context. */
export type EachTest = (name: string, fn: () => Promise<void>) => Promise<void>;

/**
 * node:test's `test` with `open` run before each test's body and `close` after it (even when
 * the body fails), inside the test itself.
 *
 * WHY not beforeEach/afterEach: at a file's top level they are hooks of the whole process, so
 * such a file cannot share one with the rest of its directory (scripts/test-files.mjs groups a
 * directory's files in one process); alone, each ccxt file paid ~2 s of CPU importing ccxt.
 */
export function testEach(open: () => Promise<void>, close: () => Promise<void>): EachTest {
  return (name, fn) =>
    test(name, async () => {
      await open();
      try {
        await fn();
      } finally {
        await close();
      }
    });
}
