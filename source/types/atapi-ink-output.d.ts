/**
 * Ink's `Output` class under a name only the bundle resolves (scripts/bundle.mjs aliases it to
 * ink/build/output.js, the copy bundled with Ink). Unbundled, importing it fails and
 * fast-output.ts loads Ink's file by path instead.
 */
declare module 'atapi-ink-output' {
  const Output: unknown;
  export default Output;
}
