/**
 * `string-width` as the bundle resolves it for Ink and the packages around it (see
 * scripts/bundle-options.mjs): the shortcut of ./fast-width.ts in front of string-width, which
 * is evaluated only when a text off the shortcut first needs it. Its regular expressions took
 * about a tenth of the time to the first screen to build, for text the screen seldom holds.
 * Only for the bundle: `require` of an ES module is what the bundler turns into a lazy load.
 */
import type stringWidth from 'string-width';
import { fastStringWidth, type StringWidth } from './fast-width.js';

declare const require: (id: 'string-width') => { default: typeof stringWidth };

let loaded: StringWidth | undefined;
export default fastStringWidth(() => (loaded ??= require('string-width').default));
