import { wrapWords } from './components/canvas.js';
import { DIALOG_KEYS, KEYMAP } from './keymap.js';

const LABEL = 13;

/**
 * Every key, generated from the keymap, wrapped to `width` columns with the descriptions in a
 * column of their own. Shown in the scrollable output view, so a small terminal pages through
 * it instead of losing the end.
 */
export function helpText(width: number): string {
  const room = Math.max(12, width - LABEL - 1);
  const lines: string[] = [];
  for (const b of KEYMAP) {
    wrapWords(b.description, room).forEach((part, i) => lines.push(`${(i === 0 ? b.label : '').padEnd(LABEL)} ${part}`));
  }
  let dialog = '';
  for (const k of DIALOG_KEYS) {
    if (k.dialog !== dialog) {
      dialog = k.dialog;
      lines.push('', `In ${dialog}:`);
    }
    wrapWords(k.description, room).forEach((part, i) => lines.push(`${(i === 0 ? k.label : '').padEnd(LABEL)} ${part}`));
  }
  lines.push('', ...wrapWords('Esc closes this help.', Math.max(12, width)));
  return lines.join('\n');
}
