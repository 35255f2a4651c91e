/** The repository's root. */
export declare const root: string;
/** Test files in flight at once (two). */
export declare const concurrency: number;
/** Every test file, relative to the root, sorted. */
export declare function testFiles(): string[];
/** What node:test is given, longest first: ungrouped test files and an entry file per grouped directory or part of one (in `entries`, to remove after). */
export declare function testRuns(files?: readonly string[]): { files: string[]; entries?: string };
/** The typecheck's two projects (the Node one, the web page's) as node arguments, each incremental (build info in .test-cli/). */
export declare function typecheckRuns(): string[][];
