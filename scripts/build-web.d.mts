/** The files the API serves, by the name the page asks for. */
export declare const WEB_FILES: readonly string[];
/** Bundles source/web into `outDir` (index.html, app.js, app.css); resolves to `outDir`. */
export declare function buildWeb(outDir: string): Promise<string>;
