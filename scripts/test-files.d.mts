/** The repository's root. */
export declare const root: string;
/** Every test file, relative to the root, sorted. */
export declare function testFiles(): string[];
/** What node:test is given: ungrouped test files and one entry file per grouped directory (in `entries`, to remove after). */
export declare function testRuns(files?: readonly string[]): { files: string[]; entries?: string };
