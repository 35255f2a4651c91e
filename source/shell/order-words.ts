/**
 * An order's positional words SYMBOL QTY [PRICE], the price also as atapi writes an order back
 * ("buy 0.5 BTC/USDT limit @ 80,000.00"): `@ 3400` and `@3400` are the price 3400. What is
 * wrong with them is said by the word at fault: a missing quantity, an `@` with no price, an
 * extra word (it was "needs a symbol and a quantity" for all of them).
 */
export function orderWords(pos: readonly string[], verb: string): { readonly ok: true; readonly words: readonly string[] } | { readonly ok: false; readonly problem: string } {
  let words = [...pos];
  const at = words.findIndex((w) => w.startsWith('@'));
  if (at !== -1) {
    const glued = words[at]!.slice(1);
    if (glued === '' && words[at + 1] === undefined) return { ok: false, problem: '"@" needs a price after it' };
    words = glued === '' ? [...words.slice(0, at), ...words.slice(at + 1)] : [...words.slice(0, at), glued, ...words.slice(at + 1)];
  }
  if (words.length < 2) return { ok: false, problem: `${verb} needs a symbol and a quantity` };
  if (words.length > 3) return { ok: false, problem: `unexpected "${words[3]}": ${verb} takes SYMBOL QTY [PRICE]` };
  return { ok: true, words };
}
