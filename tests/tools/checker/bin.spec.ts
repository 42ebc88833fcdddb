/**
 * The `policy-check` bin as another team runs it: from any folder, paths relative to that folder,
 * `-` for standard input (`helm template ... | policy-check -`), Helm hooks apart.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { PolicyCheckReport, ROOT, Run } from "../cli";

const BIN = path.join(ROOT, "bin", "policy-check.js");
const WORKLOADS = fs.readFileSync(
    path.join(ROOT, "tests/fixtures/manifests/bad/workloads.yaml"),
    "utf8",
);

function bin(args: string[], cwd: string, input?: string): Run {
    const r = spawnSync(process.execPath, [BIN, ...args], {
        cwd,
        input,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        timeout: 60_000,
        maxBuffer: 1 << 26,
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("policy-check bin", function () {
    this.timeout(120_000);
    // A folder outside the repository, like another team's checkout.
    const repo = fs.mkdtempSync(path.join(os.tmpdir(), "other-repo-"));
    fs.mkdirSync(path.join(repo, "deploy", "base"), { recursive: true });
    fs.writeFileSync(path.join(repo, "deploy", "base", "app.yaml"), WORKLOADS);
    fs.writeFileSync(
        path.join(repo, "top.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: top }\n",
    );

    it("resolves paths against the folder it runs in, also from a subfolder", () => {
        const run = bin(
            ["--config", "production", "--format", "json", "."],
            path.join(repo, "deploy"),
        );
        assert.strictEqual(run.status, 1, run.stderr);
        const doc = JSON.parse(run.stdout) as PolicyCheckReport;
        // Only what is below deploy/ (not top.yaml), named as the caller would.
        assert.deepStrictEqual(
            doc.results.map((r) => [r.file, r.kind]),
            [
                ["base/app.yaml", "Deployment"],
                ["base/app.yaml", "PeerAuthentication"],
            ],
        );
        const sarif = bin(
            ["--config", "staging", "--format", "sarif", "base"],
            path.join(repo, "deploy"),
        );
        const uris = new Set(
            (
                JSON.parse(sarif.stdout) as {
                    runs: {
                        results: {
                            locations: {
                                physicalLocation: { artifactLocation: { uri: string } };
                            }[];
                        }[];
                    }[];
                }
            ).runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri),
        );
        assert.deepStrictEqual([...uris], ["base/app.yaml"]);
    });

    it("reads standard input for -, under --stdin-name", () => {
        const run = bin(
            ["--config", "production", "--stdin-name", "rendered.yaml", "-"],
            repo,
            WORKLOADS,
        );
        assert.strictEqual(run.status, 1, run.stderr);
        assert.match(
            run.stdout,
            /^ {2}rendered\.yaml:28:5 mandatory \[mesh-require-strict-mtls\] /m,
        );
        assert.strictEqual(
            run.stdout.trim().split("\n").pop(),
            "2 object(s) in 1 file(s): 17 mandatory, 0 advisory, 0 exempted, 0 input error(s)",
        );
    });

    it("names a missing path as given and as resolved (exit 2)", () => {
        const run = bin(["--config", "production", "nope/app.yaml"], path.join(repo, "deploy"));
        assert.strictEqual(run.status, 2);
        assert.strictEqual(
            run.stderr,
            `error nope/app.yaml: cannot read: no such file or directory (looked for ${path.join(repo, "deploy", "nope", "app.yaml")})\n`,
        );
    });

    it("reports an alias without its anchor as invalid YAML with its line and frame, and checks the rest (exit 2)", () => {
        // `yaml` composes `*missing` without a document error; its toJS() throws a ReferenceError.
        const text = [
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata: { name: first }",
            "---",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata:",
            "  name: second",
            "data:",
            "  key: *missing",
            "---",
            "apiVersion: v1",
            "kind: ConfigMap",
            "metadata:",
            "  name: third",
            "data:",
            "  key:",
            "    *missing",
            "",
        ].join("\n");
        fs.writeFileSync(path.join(repo, "alias.yaml"), text);
        const run = bin(["--config", "production", "alias.yaml"], repo);
        assert.strictEqual(run.status, 2, run.stderr);
        assert.strictEqual(
            run.stderr,
            [
                "error alias.yaml (document 1): invalid YAML in document 1: Unresolved alias (the anchor must be set before the alias): missing at line 10, column 8:",
                "",
                "  key: *missing",
                "       ^^^^^^^^",
                "error alias.yaml (document 2): invalid YAML in document 2: Unresolved alias (the anchor must be set before the alias): missing at line 18, column 5:",
                "",
                "  key:",
                "    *missing",
                "    ^^^^^^^^",
                "",
            ].join("\n"),
        );
        assert.strictEqual(
            run.stdout.trim().split("\n").pop(),
            "1 object(s) in 1 file(s): 0 mandatory, 0 advisory, 0 exempted, 2 input error(s)",
        );
    });

    it("refuses an unknown --config naming the stacks and the file it looked for", () => {
        const run = bin(["--config", "prod", "top.yaml"], repo);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(
            run.stderr,
            `error: --config "prod" is neither a stack (production, staging) nor a file (looked for ${path.join(repo, "prod")})\n`,
        );
    });

    it("reports Helm hooks apart and leaves them out with --skip-hooks", () => {
        const hook = `apiVersion: v1
kind: Pod
metadata:
  name: app-test-connection
  namespace: shop
  annotations:
    "helm.sh/hook": test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox:latest
      command: ["wget", "app:80"]
`;
        const all = bin(["--config", "production", "--format", "json", "-"], repo, hook);
        const doc = JSON.parse(all.stdout) as PolicyCheckReport;
        assert.deepStrictEqual(doc.results[0].helmHook, ["test"]);
        assert.strictEqual(doc.summary.helmHooks, 1);
        assert.strictEqual(all.status, 1);
        const text = bin(["--config", "production", "-"], repo, hook);
        const lines = text.stdout.split("\n");
        assert.strictEqual(
            lines[0],
            "Helm hooks (helm.sh/hook; leave them out with --skip-hooks):",
        );
        assert.strictEqual(lines[1], "<stdin>#0 Pod shop/app-test-connection (helm hook: test)");
        const skipped = bin(["--config", "production", "--skip-hooks", "-"], repo, hook);
        assert.strictEqual(skipped.status, 0, skipped.stdout);
        assert.deepStrictEqual(skipped.stdout.trim().split("\n"), [
            "skipped 1 Helm hook(s) (--skip-hooks): <stdin>#0 Pod app-test-connection (test)",
            "policy config: production (" +
                path.join(ROOT, "policies/config/production.json") +
                ")",
            "0 object(s) in 1 file(s): 0 mandatory, 0 advisory, 0 exempted, 0 input error(s)",
        ]);
    });
});
