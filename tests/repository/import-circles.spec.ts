/**
 * No import circles anywhere in the repository: a module that (through any chain of relative imports)
 * imports itself loads half-initialised under CommonJS, and a circle between folders means two layers
 * that cannot be understood, tested or packaged apart.
 *
 * Imports are read with TypeScript's own pre-processor (static imports, `export ... from`, `import()`
 * and `require()`), so a type-only import counts as much as a static one: it still ties the two
 * modules' APIs together. Relative specifiers are resolved the way Node and `tsc` resolve them here
 * (`<path>.ts`, `<path>/index.ts`); package imports are not followed.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");
const SKIP = new Set(["node_modules", "build", "out", ".git"]);

/** Every `.ts` file (declarations excluded) under `rel`, repository-relative. */
function sources(rel: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, rel), { withFileTypes: true })
        .filter((e) => !SKIP.has(e.name) && !e.name.startsWith("."))
        .flatMap((e) => {
            const child = rel === "" ? e.name : `${rel}/${e.name}`;
            if (e.isDirectory()) {
                return sources(child);
            }
            return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [child] : [];
        });
}

/** The repository file a relative specifier names, or undefined (a package, JSON, or a missing file). */
export function resolveRelative(from: string, specifier: string, exists: (rel: string) => boolean) {
    if (!specifier.startsWith(".")) {
        return undefined;
    }
    const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
    const stem = base.replace(/\.js$/, "");
    return [`${stem}.ts`, `${stem}/index.ts`].find(exists);
}

/** The import graph: file -> the files it imports. */
export function importGraph(
    files: readonly string[],
    read: (rel: string) => string,
): Map<string, string[]> {
    const known = new Set(files);
    return new Map(
        files.map((file) => [
            file,
            ts
                .preProcessFile(read(file), true, true)
                .importedFiles.map((i) => resolveRelative(file, i.fileName, (r) => known.has(r)))
                .filter((t): t is string => t !== undefined),
        ]),
    );
}

/** Every import circle (strongly connected set of two or more files, or a file importing itself), each sorted. */
export function importCircles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
    // Tarjan's strongly connected components, iterative so a deep chain cannot overflow the stack.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const onStack = new Set<string>();
    const stack: string[] = [];
    const circles: string[][] = [];
    for (const root of graph.keys()) {
        if (index.has(root)) {
            continue;
        }
        const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
        index.set(root, next);
        low.set(root, next++);
        stack.push(root);
        onStack.add(root);
        while (work.length > 0) {
            const frame = work[work.length - 1];
            const edges = graph.get(frame.node) ?? [];
            if (frame.edge < edges.length) {
                const to = edges[frame.edge++];
                if (!index.has(to)) {
                    index.set(to, next);
                    low.set(to, next++);
                    stack.push(to);
                    onStack.add(to);
                    work.push({ node: to, edge: 0 });
                } else if (onStack.has(to)) {
                    low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
                }
                continue;
            }
            work.pop();
            if (work.length > 0) {
                const parent = work[work.length - 1].node;
                low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
            }
            if (low.get(frame.node) === index.get(frame.node)) {
                const members: string[] = [];
                let member: string;
                do {
                    member = stack.pop()!;
                    onStack.delete(member);
                    members.push(member);
                } while (member !== frame.node);
                const selfLoop = (graph.get(frame.node) ?? []).includes(frame.node);
                if (members.length > 1 || selfLoop) {
                    circles.push(members.sort());
                }
            }
        }
    }
    return circles.sort((a, b) => a[0].localeCompare(b[0]));
}

describe("import circles", () => {
    it("finds a circle through index files, `.js` specifiers and type-only imports, and none in a chain", () => {
        const text = new Map([
            ["a/index.ts", 'export * from "./x";'],
            ["a/x.ts", 'import type { Y } from "../b/y.js";'],
            ["b/y.ts", 'import { a } from "../a";'],
            ["c.ts", 'import { y } from "./b/y";\nimport * as fs from "fs";'],
            ["d.ts", 'import { d } from "./d";'],
        ]);
        const graph = importGraph([...text.keys()], (f) => text.get(f)!);
        assert.deepStrictEqual(importCircles(graph), [
            ["a/index.ts", "a/x.ts", "b/y.ts"],
            ["d.ts"],
        ]);
    });

    it("the repository has none", () => {
        const files = sources("");
        assert.ok(files.length > 300, `read ${files.length} files`);
        const graph = importGraph(files, (f) => fs.readFileSync(path.join(ROOT, f), "utf8"));
        assert.deepStrictEqual(
            importCircles(graph).map((c) => c.join(" <-> ")),
            [],
        );
    });
});
