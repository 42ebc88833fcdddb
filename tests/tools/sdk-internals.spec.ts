/**
 * The offline tools reach into SDK internals in three places (pack-inprocess.ts, sdk-tuning.ts and
 * the mocks' recorder). These tests fail, loudly and by name, when an SDK upgrade changes them: then
 * re-read the SDK sources named in those files and adapt them before updating the pins here.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { evaluateProgram } from "../../tools/offline/evaluate";
import { sdk } from "../../tools/offline/pack-inprocess";
import {
    ARBORIST_EXPORTS,
    arboristPath,
    resourceStatics,
    typescriptShimPath,
    withCheapStacks,
} from "../../tools/offline/sdk-tuning";
import { ROOT } from "./cli";

const version = (pkg: string) =>
    JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", pkg, "package.json"), "utf8"))
        .version as string;

describe("SDK internals the offline tools rely on", () => {
    it("are the SDK versions the tools were checked against", () => {
        assert.deepStrictEqual(
            [version("@pulumi/pulumi"), version("@pulumi/policy")],
            ["3.270.0", "v1.21.0"],
            "SDK upgraded: re-check tools/offline/pack-inprocess.ts and pack-props.ts against @pulumi/policy server.js and proxy.js and tools/offline/sdk-tuning.ts against @pulumi/pulumi resource.js, then update these pins",
        );
    });

    it("@pulumi/policy still exports the server's building blocks", () => {
        const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
        const props = sdk.deserialize.deserializeProperties(
            { toJavaScript: () => ({ a: { b: unknown }, c: 1 }) },
            false,
        ) as { a: { b: string }; c: number };
        const proxied = sdk.proxy.unknownCheckingProxy(props);
        assert.strictEqual(proxied.c, 1);
        assert.throws(
            () => proxied.a.b,
            (e: Error) =>
                e instanceof sdk.proxy.UnknownValueError &&
                e.message === "string value at .a.b can't be known during preview",
        );
        const typed = Object.assign(() => undefined, { __pulumiType: "x:y:Z" });
        assert.strictEqual(sdk.policy.getPulumiType(typed), "x:y:Z");
        assert.strictEqual(sdk.policy.isResourcePolicy({ validateResource: typed } as never), true);
        assert.strictEqual(sdk.policy.isStackPolicy({ validateStack: typed } as never), true);
        const info = sdk.protoutil.makeAnalyzerInfo(
            "p",
            "1.0.0",
            "mandatory",
            { policies: [{ name: "n", description: "d", validateResource: typed } as never] },
            undefined,
        );
        assert.deepStrictEqual(
            info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
            [["n", 1]],
        );
    });

    /** Runs `script` in a fresh plain Node.js process (ts-node would load TypeScript itself). */
    function fresh(script: string): unknown {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const build: string = require(path.join(ROOT, "tools", "launch.js")).ensureBuild();
        const tuning = path.join(build, "tools", "offline", "sdk-tuning.js");
        const r = spawnSync(
            process.execPath,
            ["-e", `require(${JSON.stringify(tuning)}).deferClosureModules();\n${script}`],
            { cwd: ROOT, encoding: "utf8" },
        );
        assert.strictEqual(r.status, 0, r.stderr);
        return JSON.parse(r.stdout);
    }

    it("@pulumi/pulumi still loads TypeScript only through its shim, from the closure serialiser", () => {
        const shim = typescriptShimPath();
        const parseFunction = fs.readFileSync(
            path.join(path.dirname(shim), "runtime", "closure", "parseFunction.js"),
            "utf8",
        );
        assert.match(parseFunction, /require\("\.\.\/\.\.\/typescript-shim"\)/);
        // With the shim deferred, loading the SDK loads no TypeScript, and the shim still hands out
        // the real module when used.
        const script = `
            require("@pulumi/pulumi");
            const loaded = () => Object.keys(require.cache).some((k) => /node_modules\\/typescript\\//.test(k));
            const before = loaded();
            const ts = require(${JSON.stringify(shim)});
            const works = typeof ts.createSourceFile === "function";
            console.log(JSON.stringify([before, works, loaded()]));`;
        assert.deepStrictEqual(fresh(script), [false, true, true]);
    });

    it("@pulumi/pulumi still uses @npmcli/arborist only as `new arborist.Arborist` in codePaths.js", () => {
        const codePaths = fs.readFileSync(
            path.join(path.dirname(typescriptShimPath()), "runtime", "closure", "codePaths.js"),
            "utf8",
        );
        assert.match(codePaths, /const arborist = __importStar\(require\("@npmcli\/arborist"\)\);/);
        assert.deepStrictEqual(codePaths.match(/arborist\.\w+/g), ["arborist.Arborist"]);
        // The stand-in has the real module's export names (__importStar copies them at load); the SDK
        // loads without arborist; constructing Arborist through the SDK's namespace builds the real one.
        const script = `
            const file = ${JSON.stringify(arboristPath())};
            const standIn = require(file);
            require("@pulumi/pulumi");
            const before = Object.keys(require.cache).some((k) => k.includes("/@npmcli/arborist/") && k !== file);
            const built = new standIn.Arborist({ path: "." });
            const real = require(file);
            console.log(JSON.stringify([Object.keys(standIn).sort(), before, Object.keys(real).sort(), built instanceof real.Arborist && real !== standIn]));`;
        const [standIn, before, real, constructed] = fresh(script) as [
            string[],
            boolean,
            string[],
            boolean,
        ];
        assert.deepStrictEqual(standIn, [...ARBORIST_EXPORTS].sort());
        assert.strictEqual(before, false, "loading @pulumi/pulumi loaded arborist");
        assert.deepStrictEqual(real, [...ARBORIST_EXPORTS].sort(), "arborist's exports changed");
        assert.strictEqual(constructed, true);
    });

    it("@pulumi/pulumi still takes every resource's call sites from Resource.callsites", async () => {
        const resourceJs = fs.readFileSync(
            path.join(path.dirname(typescriptShimPath()), "resource.js"),
            "utf8",
        );
        assert.match(resourceJs, /let stack = Resource\.callsites\(\);/);
        const statics = resourceStatics();
        const original = statics.callsites;
        assert.strictEqual(typeof original, "function");
        const limit = Error.stackTraceLimit;
        const inside = await withCheapStacks(async () => [
            statics.callsites!(),
            Error.stackTraceLimit,
        ]);
        assert.deepStrictEqual(inside, [[], 1]);
        assert.strictEqual(statics.callsites, original, "restored afterwards");
        assert.strictEqual(Error.stackTraceLimit, limit);
    });
});

describe("config validation before the SDKs", () => {
    it("loads no Pulumi SDK, so the preview reports config errors before loading them", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const build: string = require(path.join(ROOT, "tools", "launch.js")).ensureBuild();
        const script = `
            require(${JSON.stringify(path.join(build, "config.js"))});
            console.log(JSON.stringify(Object.keys(require.cache).filter((k) => k.includes("/@pulumi/"))));`;
        const r = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.deepStrictEqual(JSON.parse(r.stdout), []);
    });
});

describe("evaluation with the offline cost cuts", () => {
    it("runs a failing program again with full stacks, so its error keeps every frame", async () => {
        const program = path.join(ROOT, "tests", "fixtures", "programs", "throws.js");
        await assert.rejects(
            evaluateProgram(
                { project: "supply-chain-platform", stack: "test", config: {}, secretKeys: [] },
                program,
                undefined,
                { fast: true },
            ),
            (e: Error) => e.message === "boom" && e.stack!.split("\n").length > 3,
        );
    });
});
