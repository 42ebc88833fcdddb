/**
 * The platform program uses the component library as any other program does, by its package name,
 * and every way this repository runs the program resolves that name to the library's TypeScript
 * sources (never to a stale or missing `dist/`): `pulumi up` (Pulumi.yaml `nodeargs`), the tests
 * (.mocharc.json `node-option`), `tsc` and `eslint` (tsconfig.json `customConditions`), all through
 * the one condition of the package's `exports` map. A user of the packed library passes no
 * condition and gets the compiled `dist/` (tests/packages/platform-components.spec.ts).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";

const ROOT = path.resolve(__dirname, "..", "..");
const NAME = "@supply-chain/platform-components";
const CONDITION = "supply-chain-source";

const json = (rel: string) => JSON.parse(fs.readFileSync(path.join(ROOT, rel), "utf8"));

/** Where Node resolves the library's name from the repository root with these node arguments. */
function resolved(nodeArgs: readonly string[]): { file?: string; code?: string } {
    const r = spawnSync(
        process.execPath,
        [
            ...nodeArgs,
            "-e",
            `try { console.log(JSON.stringify({ file: require.resolve(${JSON.stringify(NAME)}) })) }` +
                ` catch (e) { console.log(JSON.stringify({ code: e.code })) }`,
        ],
        { cwd: ROOT, encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "" } },
    );
    assert.strictEqual(r.stderr, "");
    return JSON.parse(r.stdout);
}

describe("the platform program imports the component library by its package name", () => {
    it("index.ts takes every component from the package, none by a path into components/", () => {
        const source = fs.readFileSync(path.join(ROOT, "index.ts"), "utf8");
        const specifiers = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
        assert.deepStrictEqual(specifiers, ["@pulumi/pulumi", NAME, "./config", "./lib/records"]);
    });

    it("the package's exports map the condition to its TypeScript entry first", () => {
        const exported = json("packages/platform-components/package.json").exports["."];
        assert.deepStrictEqual(Object.keys(exported), [CONDITION, "types", "default"]);
        assert.strictEqual(exported[CONDITION], "./index.ts");
    });

    it("pulumi up, the tests and tsc pass that condition", () => {
        const project = YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8"));
        assert.strictEqual(project.runtime.options.nodeargs, `--conditions=${CONDITION}`);
        assert.deepStrictEqual(json(".mocharc.json")["node-option"], [`conditions=${CONDITION}`]);
        assert.deepStrictEqual(json(".mocharc.packages.json")["node-option"], [
            `conditions=${CONDITION}`,
        ]);
        assert.deepStrictEqual(json("tsconfig.json").compilerOptions.customConditions, [CONDITION]);
    });

    it("Node resolves the name to the sources with the condition, to dist/ without it", () => {
        assert.deepStrictEqual(resolved([`--conditions=${CONDITION}`]), {
            file: path.join(ROOT, "packages", "platform-components", "index.ts"),
        });
        const plain = resolved([]);
        const dist = path.join(
            ROOT,
            "packages/platform-components/dist/packages/platform-components/index.js",
        );
        assert.deepStrictEqual(
            plain,
            fs.existsSync(dist) ? { file: dist } : { code: "MODULE_NOT_FOUND" },
        );
    });
});
