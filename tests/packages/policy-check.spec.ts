/**
 * The checker as a package: `packages/policy-check` packed (its `prepack` compiles the checker and
 * the policy pack with `tsc`, no esbuild), installed from the tarball into an empty folder, and its
 * `policy-check` bin run there on a manifest file and on standard input: the same exit code and
 * findings as the checker in place.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { InstalledPackage, installedPackage } from "../helpers/npm-package";
import { PolicyCheckReport, ROOT, runTool } from "../tools/cli";

const BAD = path.join("tests", "fixtures", "manifests", "bad", "workloads.yaml");
const GOOD = path.join("tests", "fixtures", "manifests", "good", "inventory.yaml");

describe("policy-check package, packed and installed in an empty folder", function () {
    this.timeout(600_000);
    let pkg: InstalledPackage;
    /** Runs the installed bin (as `npx policy-check` does) in the folder it was installed in. */
    const bin = (args: string[], input?: string) => {
        const r = spawnSync(path.join(pkg.app, "node_modules", ".bin", "policy-check"), args, {
            cwd: pkg.app,
            encoding: "utf8",
            input,
            env: { ...process.env, NO_COLOR: "1" },
            timeout: 120_000,
        });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const report = (stdout: string) => JSON.parse(stdout) as PolicyCheckReport;

    before(async () => {
        pkg = await installedPackage("policy-check");
        for (const f of [BAD, GOOD]) {
            fs.copyFileSync(path.join(ROOT, f), path.join(pkg.app, path.basename(f)));
        }
    });

    it("ships the bin, the compiled checker and pack with the stack configs, LICENSE and CHANGELOG", () => {
        assert.deepStrictEqual(
            pkg.files.filter((f) => !f.startsWith("dist/")),
            ["CHANGELOG.md", "LICENSE", "bin/policy-check.js", "package.json"],
        );
        assert.deepStrictEqual(
            pkg.files.filter(
                (f) =>
                    f.startsWith("dist/") &&
                    !/^dist\/(tools|policies|lib)\/.+\.(js|d\.ts)$/.test(f),
            ),
            [
                "dist/policies/config/production.json",
                "dist/policies/config/staging.json",
                "dist/policies/package.json",
            ],
        );
        assert.ok(pkg.files.includes("dist/tools/policy-check.js"));
        assert.ok(pkg.files.includes("dist/tools/offline/run-policy-pack.js"));
        const shipped = JSON.parse(fs.readFileSync(path.join(pkg.dir, "package.json"), "utf8"));
        assert.match(shipped.version, /^\d+\.\d+\.\d+$/);
        assert.strictEqual(shipped.license, "Apache-2.0");
        assert.deepStrictEqual(shipped.bin, { "policy-check": "bin/policy-check.js" });
        for (const script of ["preinstall", "install", "postinstall", "prepare"]) {
            assert.strictEqual(shipped.scripts?.[script], undefined, script);
        }
        // The pack's version the reports name is the repository's pack's.
        assert.strictEqual(
            JSON.parse(fs.readFileSync(path.join(pkg.dir, "dist/policies/package.json"), "utf8"))
                .version,
            JSON.parse(fs.readFileSync(path.join(ROOT, "policies/package.json"), "utf8")).version,
        );
        assert.strictEqual(
            fs.readFileSync(path.join(pkg.dir, "LICENSE"), "utf8"),
            fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8"),
        );
    });

    it("checks a file and standard input with the exit code and findings of the checker in place", () => {
        const args = ["--config", "production", "--format", "json"];
        const inPlace = runTool("policy-check", [...args, BAD]);
        assert.strictEqual(inPlace.status, 1, inPlace.stderr);
        const expected = report(inPlace.stdout);
        assert.ok(expected.summary.mandatory > 10, "the fixture has mandatory findings");
        const asFile = (r: PolicyCheckReport, file: string) =>
            r.results.map((x) => ({ ...x, file }));

        const fromFile = bin([...args, "workloads.yaml"]);
        assert.strictEqual(fromFile.status, 1, fromFile.stderr);
        const installed = report(fromFile.stdout);
        assert.deepStrictEqual(installed.results, asFile(expected, "workloads.yaml"));
        assert.deepStrictEqual(installed.summary, expected.summary);
        assert.deepStrictEqual(installed.config, {
            name: "production",
            file: "node_modules/@supply-chain/policy-check/dist/policies/config/production.json",
            explicit: true,
        });

        const stdin = bin([...args, "-"], fs.readFileSync(path.join(ROOT, BAD), "utf8"));
        assert.strictEqual(stdin.status, 1, stdin.stderr);
        const fromStdin = report(stdin.stdout);
        assert.deepStrictEqual(fromStdin.results, asFile(expected, "<stdin>"));
        assert.deepStrictEqual(fromStdin.summary, expected.summary);
    });

    it("runs the pack over the Analyzer protocol too, and exits 0 on clean manifests", () => {
        const grpc = bin([
            "--config",
            "staging",
            "--pack",
            "grpc",
            "--format",
            "json",
            "workloads.yaml",
        ]);
        assert.strictEqual(grpc.status, 1, grpc.stderr);
        const inPlace = runTool("policy-check", ["--config", "staging", "--format", "json", BAD]);
        assert.deepStrictEqual(
            report(grpc.stdout).results,
            report(inPlace.stdout).results.map((x) => ({ ...x, file: "workloads.yaml" })),
        );
        const clean = bin(["--config", "production", "inventory.yaml"]);
        assert.strictEqual(clean.stderr, "");
        assert.strictEqual(clean.status, 0);
        assert.match(clean.stdout, /1 file\(s\): 0 mandatory/);
    });
});
