/**
 * The offline harness is fenced: no product file (what `pulumi up` and the published pack load) imports
 * from `tools/` or `bench/`, through any relative specifier (static, type-only, `export ... from`,
 * `import()`, `require()`). tools/offline/README.md says why: a hook there would make the product
 * depend on the harness, its dev dependencies and its shortcuts.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { importGraph } from "./import-circles.spec";

const ROOT = path.resolve(__dirname, "..", "..");
/** The product: folders and root files. */
const PRODUCT_DIRS = ["components", "lib", "schemas", "policies"];
const PRODUCT_FILES = ["config.ts", "index.ts"];
const HARNESS = ["tools/", "bench/"];

function tsFiles(rel: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, rel), { withFileTypes: true })
        .filter((e) => e.name !== "node_modules" && !e.name.startsWith("."))
        .flatMap((e) => {
            const child = `${rel}/${e.name}`;
            if (e.isDirectory()) {
                return tsFiles(child);
            }
            return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [child] : [];
        });
}

/** `from -> to` for every import of a harness file by a product file. */
export function harnessImports(
    product: readonly string[],
    graph: ReadonlyMap<string, readonly string[]>,
): string[] {
    return product.flatMap((from) =>
        (graph.get(from) ?? [])
            .filter((to) => HARNESS.some((h) => to.startsWith(h)))
            .map((to) => `${from} -> ${to}`),
    );
}

describe("product imports", () => {
    it("reports a product file importing the harness, and nothing for the harness importing the product", () => {
        const text = new Map([
            ["components/a.ts", 'import type { X } from "../tools/offline/x";'],
            ["lib/b.ts", 'export * from "../bench/run.js";'],
            ["policies/c.ts", 'import { d } from "../lib/b";'],
            ["tools/offline/x.ts", 'import { a } from "../../components/a";'],
            ["bench/run.ts", 'import { a } from "../components/a";'],
        ]);
        const graph = importGraph([...text.keys()], (f) => text.get(f)!);
        assert.deepStrictEqual(
            harnessImports(["components/a.ts", "lib/b.ts", "policies/c.ts"], graph),
            ["components/a.ts -> tools/offline/x.ts", "lib/b.ts -> bench/run.ts"],
        );
    });

    it("no product file imports from tools/ or bench/", () => {
        const product = [...PRODUCT_DIRS.flatMap(tsFiles), ...PRODUCT_FILES];
        assert.ok(product.length > 200, `read ${product.length} product files`);
        const harness = HARNESS.flatMap((h) => tsFiles(h.slice(0, -1)));
        const files = [...product, ...harness];
        const graph = importGraph(files, (f) => fs.readFileSync(path.join(ROOT, f), "utf8"));
        assert.deepStrictEqual(harnessImports(product, graph), []);
    });
});
