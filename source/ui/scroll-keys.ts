import type { Key } from 'ink';
import type { KeyContext } from './key-context.js';
import { screenLayout } from './layout.js';
import { clampScroll, outputLines, outputWidth } from './overlays/output-overlay.js';

/**
 * ↑/↓ (k/j), PgUp/PgDn (Space) and ←/→ (h/l) over a scrollable text view (command output,
 * the PnL view): where it is scrolled to after the key, stopped at the ends; undefined for a
 * key that does not scroll. A page is what the layout shows.
 */
export function scrollKey(ctx: Pick<KeyContext, 'size' | 'symbolTotal'>, text: string, at: { readonly top?: number; readonly left?: number }, input: string, key: Key, sideways = true): { top: number; left: number } | undefined {
  const page = outputLines(screenLayout(ctx.size.columns, ctx.size.rows, ctx.symbolTotal, 0).overlayRows);
  const step = (dTop: number, dLeft: number) => clampScroll(text, page, outputWidth(ctx.size.columns), (at.top ?? 0) + dTop, (at.left ?? 0) + dLeft);
  if (key.upArrow || input === 'k') return step(-1, 0);
  if (key.downArrow || input === 'j') return step(1, 0);
  if (key.pageUp) return step(-page, 0);
  if (key.pageDown || input === ' ') return step(page, 0);
  if (sideways && (key.leftArrow || input === 'h')) return step(0, -8);
  if (sideways && (key.rightArrow || input === 'l')) return step(0, 8);
  return undefined;
}
