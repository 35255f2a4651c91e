import type { BuildOptions } from 'esbuild';
/** esbuild's options for the command line's bundle, without its entry and output. */
export declare function cliBundleOptions(root: string): BuildOptions;
