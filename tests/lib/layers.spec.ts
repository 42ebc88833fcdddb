/**
 * Layers point one way: config (config.ts, schemas/) -> components -> the core library (lib/). The
 * policy pack builds on lib/ too, and nothing but the pack and its tests imports the pack: the offline
 * tools load it by path at run time, as the Pulumi CLI does.
 *
 * Imports are read with TypeScript's own pre-processor (static imports, `export ... from`, `import()`
 * and `require()`), so a type-only or dynamic import counts as much as a static one.
 */
import * as assert from "assert";
import * as fs from "fs";
import { builtinModules } from "module";
import * as path from "path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");

/** Every `.ts` file (declarations excluded) under `rel`, or `rel` itself when it is a file. */
function sources(rel: string): string[] {
    const abs = path.join(ROOT, rel);
    if (fs.statSync(abs).isFile()) {
        return [rel];
    }
    return fs
        .readdirSync(abs, { withFileTypes: true })
        .filter((e) => e.name !== "node_modules")
        .flatMap((e) =>
            e.isDirectory()
                ? sources(path.join(rel, e.name))
                : e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")
                  ? [path.join(rel, e.name)]
                  : [],
        );
}

interface Import {
    readonly file: string;
    readonly specifier: string;
    /** Repository-relative target of a relative import; undefined for packages. */
    readonly target?: string;
}

function importsOf(rel: string): Import[] {
    const text = fs.readFileSync(path.join(ROOT, rel), "utf8");
    return ts.preProcessFile(text, true, true).importedFiles.map(({ fileName }) => ({
        file: rel,
        specifier: fileName,
        target: fileName.startsWith(".")
            ? path.relative(ROOT, path.resolve(ROOT, path.dirname(rel), fileName))
            : undefined,
    }));
}

const under = (target: string | undefined, ...roots: string[]) =>
    target !== undefined &&
    roots.some((r) => target === r || target.startsWith(`${r}/`) || target === `${r}.ts`);

const show = (bad: Import[]) => bad.map((i) => `${i.file}: "${i.specifier}"`).join("\n");

describe("layers", () => {
    it("finds the imports it checks (the reader sees static, type-only, dynamic and require imports)", () => {
        const found = ts
            .preProcessFile(
                'import type { A } from "./a";\nexport * from "./b";\nconst c = require("./c");\nvoid import("./d");\n',
                true,
                true,
            )
            .importedFiles.map((f) => f.fileName);
        assert.deepStrictEqual(found, ["./a", "./b", "./c", "./d"]);
    });

    it("nothing outside the pack imports from policies/ (components, schemas, tools, bench, lib, config.ts, index.ts)", () => {
        const files = ["components", "schemas", "tools", "bench", "lib", "config.ts", "index.ts"]
            .flatMap(sources)
            .flatMap(importsOf);
        assert.ok(files.length > 100, `read ${files.length} imports`);
        assert.strictEqual(show(files.filter((i) => under(i.target, "policies"))), "");
    });

    it("lib/ imports only lib/ and Node built-ins, so the pack loads it under the Pulumi CLI without extra packages", () => {
        const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
        const imports = sources("lib").flatMap(importsOf);
        assert.ok(imports.length > 0);
        const bad = imports.filter((i) =>
            i.target === undefined ? !builtins.has(i.specifier) : !under(i.target, "lib"),
        );
        assert.strictEqual(show(bad), "");
    });

    it("components import neither the config layer nor the tools", () => {
        const bad = sources("components")
            .flatMap(importsOf)
            .filter((i) => under(i.target, "config", "schemas", "index", "tools", "tests"));
        assert.strictEqual(show(bad), "");
    });
});
