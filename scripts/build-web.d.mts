/** The files the page is made of. */
export declare const WEB_FILES: readonly string[];
/** The three files in memory, by name (index.html, app.js, app.css). */
export declare function bundleWeb(): Promise<Map<string, Buffer>>;
/** Writes the three files into `outDir`; resolves to `outDir`. */
export declare function buildWeb(outDir: string): Promise<string>;
