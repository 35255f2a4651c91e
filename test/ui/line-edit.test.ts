import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import { completeAt, editKey, type LineEdit } from '../../source/ui/line-edit.js';

const NO_KEY: Key = { upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false } as Key;
const k = (over: Partial<Key>): Key => ({ ...NO_KEY, ...over });
const at = (text: string, cursor = text.length): LineEdit => ({ text, cursor });

test('line editing: the cursor moves with ←/→, Home/End, Ctrl-A/Ctrl-E and stops at the ends', () => {
  assert.deepEqual(editKey(at('buy', 3), '', k({ leftArrow: true })), at('buy', 2));
  assert.deepEqual(editKey(at('buy', 0), '', k({ leftArrow: true })), at('buy', 0));
  assert.deepEqual(editKey(at('buy', 3), '', k({ rightArrow: true })), at('buy', 3));
  assert.deepEqual(editKey(at('buy', 2), '', k({ home: true })), at('buy', 0));
  assert.deepEqual(editKey(at('buy', 0), '', k({ end: true })), at('buy', 3));
  assert.deepEqual(editKey(at('buy', 2), 'a', k({ ctrl: true })), at('buy', 0));
  assert.deepEqual(editKey(at('buy', 0), 'e', k({ ctrl: true })), at('buy', 3));
});

test('line editing: typing and Backspace at the cursor; Ctrl-U, Ctrl-W and Ctrl-K delete as in readline', () => {
  assert.deepEqual(editKey(at('by', 1), 'u', k({})), at('buy', 2));
  assert.deepEqual(editKey(at('buyy', 3), '', k({ backspace: true })), at('buy', 2));
  assert.deepEqual(editKey(at('buy', 0), '', k({ delete: true })), at('buy', 0));
  assert.deepEqual(editKey(at('buy BTC/USDT 0.1', 8), 'u', k({ ctrl: true })), at('USDT 0.1', 0));
  assert.deepEqual(editKey(at('buy BTC/USDT 0.1', 8), 'k', k({ ctrl: true })), at('buy BTC/', 8));
  assert.deepEqual(editKey(at('buy BTC/USDT 0.1'), 'w', k({ ctrl: true })), at('buy BTC/USDT ', 13));
  assert.deepEqual(editKey(at('buy BTC/USDT  '), 'w', k({ ctrl: true })), at('buy ', 4), 'spaces, then the word');
  assert.deepEqual(editKey(at('buy BTC', 3), 'w', k({ ctrl: true })), at(' BTC', 0));
  assert.equal(editKey(at('buy'), '', k({ upArrow: true })), undefined, 'not an editing key');
  assert.equal(editKey(at('x'.repeat(200)), 'y', k({}))?.text.length, 200, 'at most 200 characters');
});

test('Tab: one candidate replaces the word before the cursor and adds a space; several grow to what they share and are offered', () => {
  const complete = (line: string): [string[], string] => {
    const word = /\s$/.test(line) ? '' : (line.trim().split(/\s+/).pop() ?? '');
    const all = ['buy', 'book', 'balance', 'BTC/USDT', 'BNB/USDT'];
    return [all.filter((c) => c.toLowerCase().startsWith(word.toLowerCase())), word];
  };
  assert.deepEqual(completeAt(at('bu'), complete), { edit: at('buy ', 4) });
  assert.deepEqual(completeAt(at('buy BT'), complete), { edit: at('buy BTC/USDT ', 13) });
  // In the middle of the line: the word before the cursor, and a space after it is not doubled.
  assert.deepEqual(completeAt(at('bu 0.1', 2), complete), { edit: at('buy 0.1', 4) });
  assert.deepEqual(completeAt(at('b'), complete), { edit: at('b', 1), hint: 'buy  book  balance  BTC/USDT  BNB/USDT' });
  assert.deepEqual(completeAt(at('bo'), complete), { edit: at('book ', 5) });
  assert.deepEqual(completeAt(at('buy B'), complete).edit, at('buy B', 5));
  assert.deepEqual(completeAt(at('zz'), complete), { edit: at('zz'), hint: 'no completions' });
});
