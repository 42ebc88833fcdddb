/**
 * No import circles in the add-ons: the registry imports every add-on, add-ons import the ones they
 * depend on and `core/`, and `core/` imports no add-on. Type-only imports count too.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../../../components/addons");

function tsFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
        const p = path.join(dir, d.name);
        return d.isDirectory() ? tsFiles(p) : p.endsWith(".ts") ? [p] : [];
    });
}

/** The files under the add-ons that `file` imports (relative imports that resolve there). */
function importsOf(file: string): string[] {
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    return info.importedFiles.flatMap(({ fileName }) => {
        if (!fileName.startsWith(".")) {
            return [];
        }
        const base = path.resolve(path.dirname(file), fileName);
        const hit = [`${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(c));
        return hit !== undefined && hit.startsWith(ROOT) ? [hit] : [];
    });
}

/** Every import circle among `files`, each as the list of files around it (relative to the add-ons). */
export function importCircles(files: readonly string[]): string[][] {
    const graph = new Map(files.map((f) => [f, importsOf(f)]));
    const state = new Map<string, "visiting" | "done">();
    const circles: string[][] = [];
    const visit = (file: string, stack: string[]): void => {
        if (state.get(file) === "done") {
            return;
        }
        if (state.get(file) === "visiting") {
            circles.push(
                [...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(ROOT, f)),
            );
            return;
        }
        state.set(file, "visiting");
        for (const next of graph.get(file) ?? []) {
            visit(next, [...stack, file]);
        }
        state.set(file, "done");
    };
    for (const file of files) {
        visit(file, []);
    }
    return circles;
}

describe("add-on imports", () => {
    it("form no circle", () => {
        assert.deepStrictEqual(importCircles(tsFiles(ROOT)), []);
    });

    it("core/ imports no add-on", () => {
        const core = tsFiles(path.join(ROOT, "core"));
        const outside = core.flatMap((f) =>
            importsOf(f)
                .filter((i) => !i.startsWith(path.join(ROOT, "core") + path.sep))
                .map((i) => `${path.relative(ROOT, f)} -> ${path.relative(ROOT, i)}`),
        );
        assert.deepStrictEqual(outside, []);
    });
});
