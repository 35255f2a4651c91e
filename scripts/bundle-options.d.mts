import type { BuildOptions } from 'esbuild';
/** esbuild's options for the command line's bundle, without its entry and output; `code`: the entry's directory. */
export declare function cliBundleOptions(root: string, code?: 'dist' | 'source'): BuildOptions;
