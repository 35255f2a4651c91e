// The worker's entry when atapi runs from its TypeScript source (tests, `node --import tsx`):
// a worker thread does not inherit tsx's loader hooks on Node 20, so this plain module loads
// worker.ts through tsx's API. Built copies (tsc's dist, the bundle) never use it.
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport('./worker.ts', import.meta.url);
export default mod.default;
