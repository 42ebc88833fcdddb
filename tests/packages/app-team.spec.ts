/**
 * The application team's example (examples/app-team/) outside the repository, on the PACKED component
 * library: the example's program copied into the folder where the tarballs were installed (its
 * `node_modules` holds the library as npm extracted it, with the provider SDKs it depends on), then
 * previewed offline with `--project <copy>` against the staging platform stack's own offline run.
 * It must preview clean and create exactly the resources the in-repository preview of the example
 * creates from the library's sources (tests/examples/app-team.spec.ts): the compiled library behaves
 * like the sources. A copy whose installed library does not export its entry must fail.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { PreviewResult } from "../../tools/offline/preview";
import { installedPackage } from "../helpers/npm-package";
import { ROOT, Run, runTool } from "../tools/cli";

/** What a team's checkout holds of the example (its own package.json names the library's path here). */
const PROGRAM_FILES = ["index.ts", "Pulumi.yaml", "Pulumi.staging.yaml", "tsconfig.json"];

function copyExample(to: string): void {
    fs.mkdirSync(to, { recursive: true });
    for (const f of PROGRAM_FILES) {
        fs.copyFileSync(path.join(ROOT, "examples", "app-team", f), path.join(to, f));
    }
}

function previewJson(run: Run): PreviewResult {
    assert.strictEqual(run.status, 0, run.stderr);
    return JSON.parse(run.stdout) as PreviewResult;
}

describe("examples/app-team on the packed library, in a folder of its own", function () {
    this.timeout(600_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "app-team-packed-"));
    const platformJson = path.join(out, "staging.json");
    let app: string;
    let inRepository: PreviewResult;

    before(async () => {
        app = (await installedPackage("platform-components")).app;
        const platform = runTool("preview", [
            "--stack",
            "staging",
            "--out",
            out,
            "--format",
            "json",
        ]);
        assert.strictEqual(platform.status, 0, platform.stderr);
        fs.writeFileSync(platformJson, platform.stdout);
        inRepository = previewJson(
            runTool("preview", [
                ...["--project", path.join("examples", "app-team"), "--stack", "staging"],
                ...["--stack-outputs", platformJson, "--out", out, "--format", "json"],
            ]),
        );
    });
    after(() => fs.rmSync(out, { recursive: true, force: true }));

    function previewCopy(project: string): Run {
        return runTool("preview", [
            ...["--project", project, "--stack", "staging", "--stack-outputs", platformJson],
            ...["--out", path.join(out, path.basename(project)), "--format", "json"],
        ]);
    }

    it("previews clean under the pack with the same resources as the example from the sources", () => {
        const project = path.join(app, "orders-team");
        copyExample(project);
        const doc = previewJson(previewCopy(project));
        assert.deepStrictEqual(
            [doc.stack, doc.summary.mandatory, doc.schemaErrors, doc.capacity],
            ["staging", 0, [], []],
        );
        assert.deepStrictEqual(doc.outputs, { namespace: "orders", serviceName: "orders" });
        const urns = (d: PreviewResult): string[] => d.resources.map((r) => r.urn).sort();
        assert.strictEqual(urns(doc).length, 47);
        assert.deepStrictEqual(urns(doc), urns(inRepository));
        assert.deepStrictEqual(
            doc.resources.map((r) => [r.urn, r.inputs]),
            inRepository.resources.map((r) => [r.urn, r.inputs]),
        );
    });

    it("fails when the installed library does not export its entry", () => {
        // A copy of the installed package whose `exports` map lost ".": Node refuses the import by
        // name, exactly as it would for a tarball published that way (a missing compiled file fails
        // the same way, with "Cannot find module").
        const project = path.join(app, "broken-exports");
        copyExample(project);
        const installed = path.join(app, "node_modules", "@supply-chain", "platform-components");
        const copy = path.join(project, "node_modules", "@supply-chain", "platform-components");
        fs.cpSync(installed, copy, { recursive: true });
        const manifest = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8"));
        delete manifest.exports["."];
        fs.writeFileSync(path.join(copy, "package.json"), JSON.stringify(manifest));
        const run = previewCopy(project);
        assert.strictEqual(run.status, 1, run.stderr);
        assert.match(
            run.stderr,
            /^error: No "exports" main defined in \S+\/broken-exports\/node_modules\/@supply-chain\/platform-components\/package\.json$/m,
        );
    });
});
