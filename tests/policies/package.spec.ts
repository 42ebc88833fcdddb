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
 * Dependencies come from the npm cache when it holds them, else the registry. This spec runs in
 * `npm run test:packages` (.mocharc.packages.json), not in `npm test`: it packs and installs.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { checkObjects, CheckResult, expandInputs, readManifests } from "../../tools/offline/check";
import { PackSession, startPolicyPack } from "../../tools/offline/pack";
import { INSTALL_FLAGS, npm } from "../helpers/npm-package";
import { ROOT } from "../tools/cli";

const CORPUS = process.env.PLATFORM_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
const PACK_DIR = path.join(ROOT, "policies");
const pkg = JSON.parse(fs.readFileSync(path.join(PACK_DIR, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license: string;
};

/** Manifests with findings of most policies, for the run that needs no corpus. */
const FIXTURE = path.join(ROOT, "tests", "fixtures", "manifests", "bad", "workloads.yaml");

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
    /** The tarball's files (its `package/` folder before the install), relative, sorted. */
    let shipped: string[] = [];
    const sessions: PackSession[] = [];

    before(async () => {
        const tarball = `${pkg.name}-${pkg.version}.tgz`;
        try {
            packStdout = await npm(["pack", "--loglevel=error"], PACK_DIR);
            fs.copyFileSync(path.join(PACK_DIR, tarball), path.join(tmp, tarball));
        } finally {
            fs.rmSync(path.join(PACK_DIR, tarball), { force: true });
        }
        const untar = spawnSync("tar", ["-xzf", tarball], { cwd: tmp, encoding: "utf8" });
        assert.strictEqual(untar.status, 0, untar.stderr);
        shipped = filesUnder(installed);
        // What the CLI does with a published pack: `npm install` in the extracted folder, which holds
        // nothing but the tarball's files.
        await npm(["install", ...INSTALL_FLAGS], installed);
    });
    after(async () => {
        await Promise.all(sessions.map((s) => s.stop()));
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    it("prints only the tarball's name on stdout (publish reads the name from it)", () => {
        assert.strictEqual(packStdout, `${pkg.name}-${pkg.version}.tgz\n`);
    });

    it("ships the compiled pack, its declarations, manifest, LICENSE and CHANGELOG, nothing else", () => {
        const files = shipped;
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

    /** Starts the pack by `options` and checks `objects` with it; the session is stopped at the end. */
    const run = async (
        options: Parameters<typeof startPolicyPack>[0],
        objects: Parameters<typeof checkObjects>[0],
    ) => {
        const session = await startPolicyPack(options);
        sessions.push(session);
        return { session, found: await checkObjects(objects, session) };
    };
    const count = (r: { results: CheckResult[] }) => r.results.flatMap((x) => x.violations).length;
    const config = (stack: string) =>
        JSON.parse(fs.readFileSync(path.join(PACK_DIR, "config", `${stack}.json`), "utf8"));

    it("loads from the installed folder and, by both routes, finds on a manifest what the pack in place finds", async () => {
        const { objects } = readManifests(expandInputs([FIXTURE]).files);
        const staging = config("staging");
        const inPlace = await run({ route: "inprocess", config: staging }, objects);
        const inProcess = await run({ route: "inprocess", config: staging, installed }, objects);
        const grpc = await run({ route: "grpc", config: staging, installed }, objects);
        assert.ok(count(inPlace.found) > 10, "the fixture has findings");
        assert.deepStrictEqual(inProcess.found, inPlace.found);
        assert.deepStrictEqual(grpc.found, inPlace.found);
        for (const { session } of [inProcess, grpc]) {
            assert.strictEqual(session.name, "supply-chain-platform");
            assert.strictEqual(session.version, pkg.version);
            assert.deepStrictEqual(session.policies, inPlace.session.policies);
        }
    });

    it("runs, by both routes, over the shared corpus with the findings of the pack in place", async function () {
        if (!fs.existsSync(CORPUS)) {
            process.stderr.write(
                `      skipped: no shared corpus at ${CORPUS} (CI provides it beside the ` +
                    "repository; PLATFORM_CORPUS names another folder)\n",
            );
            this.skip();
        }
        const { objects } = readManifests(expandInputs([CORPUS]).files);
        const production = config("production");
        const inPlace = await run({ route: "inprocess", config: production }, objects);
        const inProcess = await run({ route: "inprocess", config: production, installed }, objects);
        const grpc = await run({ route: "grpc", config: production, installed }, objects);
        // `pulumi preview --policy-pack policies`: the engine's runner on the folder in place, which
        // loads the package's `main` (built above by `npm pack`'s prepack, and by `npm ci`'s prepare).
        const cliInPlace = await run(
            { route: "grpc", config: production, installed: PACK_DIR },
            objects,
        );
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
