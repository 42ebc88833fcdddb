/**
 * The pack's package, published as is: `policies/` is packed exactly as `pulumi policy publish` packs
 * a Node.js pack, installed the way the CLI installs a published pack, and the installed copy, run
 * by both routes over the shared corpus, reports the same findings as the pack in place.
 *
 * How the CLI does it (pulumi/pulumi at 1b59498, 2026-08-21):
 * - publish: `npm pack --loglevel=error` in the pack folder, the tarball's name read from the whole
 *   of stdout (`sdk/nodejs/npm/npm.go`, `Pack`; called by `pkg/backend/httpstate/policypack.go`,
 *   `Publish`);
 * - install on `pulumi up` of an enforcing stack: the tarball's `package/` folder extracted, then
 *   `npm install --loglevel=error` in it (`installRequiredPolicy` in policypack.go, the Node.js
 *   language host's `InstallDependencies`, production false, `sdk/nodejs/npm/npm.go` `installCmd`).
 *
 * Dependencies come from the npm cache when it holds them, else the registry.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { checkObjects, CheckResult, expandInputs, readManifests } from "../../tools/offline/check";
import { PackSession, startPolicyPack } from "../../tools/offline/pack";
import { ROOT } from "../tools/cli";

const CORPUS = process.env.PLATFORM_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
const PACK_DIR = path.join(ROOT, "policies");
const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license: string;
};

/** npm with the environment of a user's shell: nothing npm passes to `npm test`'s children. */
function npm(args: string[], cwd: string) {
    const env = Object.fromEntries(
        Object.entries(process.env).filter(
            ([k]) => !/^npm_(package|lifecycle|config_local_prefix|command)/i.test(k),
        ),
    );
    const r = spawnSync("npm", args, { cwd, env, encoding: "utf8", timeout: 240_000 });
    assert.strictEqual(r.status, 0, `npm ${args.join(" ")} in ${cwd}:\n${r.stderr}`);
    return r.stdout;
}

/** Every file under `dir`, relative, sorted. */
function filesUnder(dir: string): string[] {
    return fs
        .readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
        .sort();
}

describe("policy pack package, packed as `pulumi policy publish` packs it", function () {
    this.timeout(600_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pack-package-"));
    const installed = path.join(tmp, "package");
    let packStdout = "";
    const sessions: PackSession[] = [];

    before(() => {
        const tarball = `${pkg.name}-${pkg.version}.tgz`;
        try {
            packStdout = npm(["pack", "--loglevel=error"], PACK_DIR);
            fs.copyFileSync(path.join(PACK_DIR, tarball), path.join(tmp, tarball));
        } finally {
            fs.rmSync(path.join(PACK_DIR, tarball), { force: true });
        }
        const untar = spawnSync("tar", ["-xzf", tarball], { cwd: tmp, encoding: "utf8" });
        assert.strictEqual(untar.status, 0, untar.stderr);
    });
    after(async () => {
        await Promise.all(sessions.map((s) => s.stop()));
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("prints only the tarball's name on stdout (publish reads the name from it)", () => {
        assert.strictEqual(packStdout, `${pkg.name}-${pkg.version}.tgz\n`);
    });

    it("ships the compiled pack, its declarations, manifest, LICENSE and CHANGELOG, nothing else", () => {
        const files = filesUnder(installed);
        const meta = ["CHANGELOG.md", "LICENSE", "PulumiPolicy.yaml", "package.json"];
        assert.deepStrictEqual(
            files.filter((f) => !f.startsWith("dist/")),
            meta,
        );
        const compiled = files.filter((f) => f.startsWith("dist/"));
        assert.deepStrictEqual(
            compiled.filter((f) => !/^dist\/(policies|lib)\/.+\.(js|d\.ts)$/.test(f)),
            [],
        );
        // Every source of the pack compiled, and the core it imports beside it.
        const sources = filesUnder(PACK_DIR).filter(
            (f) => /\.ts$/.test(f) && !/^(dist|node_modules)\//.test(f),
        );
        for (const source of sources) {
            const base = `dist/policies/${source.replace(/\.ts$/, "")}`;
            assert.ok(compiled.includes(`${base}.js`) && compiled.includes(`${base}.d.ts`), base);
        }
        assert.ok(compiled.includes("dist/lib/kubernetes/index.js"));
        assert.strictEqual(
            fs.readFileSync(path.join(installed, "LICENSE"), "utf8"),
            fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8"),
        );
        assert.match(
            fs.readFileSync(path.join(installed, "CHANGELOG.md"), "utf8"),
            new RegExp(
                `^## \\[${pkg.version.replace(/\./g, "\\.")}\\] - \\d{4}-\\d{2}-\\d{2}$`,
                "m",
            ),
        );
    });

    it("declares a semantic version, the license and no install-time build", () => {
        const shipped = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
        assert.match(shipped.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
        assert.strictEqual(shipped.license, "Apache-2.0");
        assert.strictEqual(
            shipped.license,
            JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).license,
        );
        // `npm install` in the extracted folder runs these; the sources they would build are not there.
        for (const script of ["preinstall", "install", "postinstall", "prepare"]) {
            assert.strictEqual(shipped.scripts?.[script], undefined, script);
        }
    });

    it("installs in an empty folder and runs, by both routes, with the findings of the pack in place", async function () {
        if (!fs.existsSync(CORPUS)) {
            this.skip(); // as the route-parity test; CI provides the corpus
        }
        npm(
            ["install", "--loglevel=error", "--no-audit", "--no-fund", "--prefer-offline"],
            installed,
        );
        const { objects } = readManifests(expandInputs([CORPUS]).files);
        const config = JSON.parse(
            fs.readFileSync(path.join(PACK_DIR, "config", "production.json"), "utf8"),
        );
        const run = async (options: Parameters<typeof startPolicyPack>[0]) => {
            const session = await startPolicyPack(options);
            sessions.push(session);
            return { session, found: await checkObjects(objects, session) };
        };
        const inPlace = await run({ route: "inprocess", config });
        const inProcess = await run({ route: "inprocess", config, installed });
        const grpc = await run({ route: "grpc", config, installed });
        // `pulumi preview --policy-pack policies`: the engine's runner on the folder in place, which
        // loads the package's `main` (built above by `npm pack`'s prepack, and by `npm ci`'s prepare).
        const cliInPlace = await run({ route: "grpc", config, installed: PACK_DIR });
        const count = (r: { results: CheckResult[] }) =>
            r.results.flatMap((x) => x.violations).length;
        assert.ok(count(inPlace.found) > 100, "the corpus has findings");
        assert.deepStrictEqual(inProcess.found, inPlace.found);
        assert.deepStrictEqual(grpc.found, inPlace.found);
        assert.deepStrictEqual(cliInPlace.found, inPlace.found);
        for (const { session } of [inProcess, grpc, cliInPlace]) {
            assert.strictEqual(session.name, "supply-chain-platform");
            assert.strictEqual(session.version, pkg.version);
            assert.deepStrictEqual(session.policies, inPlace.session.policies);
        }
    });
});
