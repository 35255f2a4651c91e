import assert from 'node:assert/strict';
import { test } from 'node:test';
import { render } from 'ink-testing-library';
import { DataTable, grown, type Column } from '../../../source/ui/components/data-table.js';
import { settle } from '../../helpers/ink.js';

const COLUMNS: readonly Column[] = [{ header: 'ID', width: 4, align: 'right' }, { header: 'STATUS', width: 9 }, { header: 'STRATEGY', width: 18, drop: 7, growTo: 40 }];
const ID = 'sma-ls-ETHUSDT:USDT-1m-5';

test('a growing column takes the room the pane has beyond the columns, up to its limit: a long instance id is not cut at 160 columns', async () => {
  assert.deepEqual(grown(COLUMNS, 40).map((c) => c.width), [4, 9, 25], 'the room left, not more');
  assert.deepEqual(grown(COLUMNS, 200).map((c) => c.width), [4, 9, 40], 'at most its limit');
  assert.deepEqual(grown(COLUMNS, 33).map((c) => c.width), [4, 9, 18], 'no room: as before');
  const wide = render(<DataTable columns={COLUMNS} rows={[[{ text: '21' }, { text: 'filled' }, { text: ID }]]} maxRows={5} width={150} />);
  await settle();
  assert.match(wide.lastFrame()!, new RegExp(`filled +${ID.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  wide.unmount();
  const narrow = render(<DataTable columns={COLUMNS} rows={[[{ text: '21' }, { text: 'filled' }, { text: ID }]]} maxRows={5} width={33} />);
  await settle();
  assert.match(narrow.lastFrame()!, /sma-ls-ETHUSDT:US…/, 'narrow: cut as before');
  narrow.unmount();
});
