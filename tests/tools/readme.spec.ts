/**
 * The README works as written: its commands name real scripts (and silence npm where stdout is
 * redirected), its layout table matches the tree, and `engines` asks for the Node.js version the
 * dependencies need.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { ROOT } from "./cli";

const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    m[1].split("\n").filter((l) => l.startsWith("npm ")),
);

describe("README", () => {
    it("runs only scripts that exist", () => {
        const scripts = commands
            .map((c) => /^npm run (?:-s )?([\w:-]+)/.exec(c)?.[1])
            .filter((s): s is string => s !== undefined);
        assert.ok(scripts.length >= 2, commands.join("\n"));
        assert.deepStrictEqual(
            scripts.filter((s) => !(s in pkg.scripts)),
            [],
        );
    });

    it("silences npm (-s) wherever a command's output is redirected, so the file holds only the report", () => {
        const redirected = commands.filter((c) => / > \S+/.test(c));
        assert.ok(redirected.length > 0);
        assert.deepStrictEqual(
            redirected.filter((c) => !c.startsWith("npm run -s ")),
            [],
        );
    });

    it("lists every folder, component and docs page of the tree in its layout table", () => {
        const table = readme.slice(readme.indexOf("## Layout"));
        const expected = [
            ...["components", "docs"].flatMap((d) =>
                fs
                    .readdirSync(path.join(ROOT, d), { withFileTypes: true })
                    .filter((e) => e.isDirectory() || e.name.endsWith(".md"))
                    .map((e) => `${d}/${e.name}${e.isDirectory() ? "/" : ""}`),
            ),
            "schemas/",
            "bench/",
            "tools/",
            "tools/offline/",
            "policies/",
            "tests/",
            "index.ts",
            "config.ts",
        ];
        assert.deepStrictEqual(
            expected.filter((p) => !table.includes(`\`${p}\``)),
            [],
        );
    });

    it("asks in engines for the Node.js version the dependencies need", () => {
        const floor = (range: string) => Number(/>=\s*(\d+)/.exec(range)?.[1] ?? 0);
        const needed = Math.max(
            ...Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).map((d) => {
                const file = path.join(ROOT, "node_modules", d, "package.json");
                const engines = fs.existsSync(file)
                    ? JSON.parse(fs.readFileSync(file, "utf8")).engines?.node
                    : undefined;
                return typeof engines === "string" && /^>=\s*\d+/.test(engines)
                    ? floor(engines)
                    : 0;
            }),
        );
        assert.strictEqual(needed, 22, "@pulumi/pulumi and kubernetes-models declare >=22");
        assert.strictEqual(pkg.engines.node, `>=${needed}`);
    });
});
