/**
 * `policy:check` on inputs that are broken in every way a user's folder can be: malformed objects,
 * broken links, link loops, and one very large file. Nothing crashes, every error goes to stderr and
 * everything readable is still checked.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";

import { PolicyCheckReport, ROOT, runTool } from "./cli";

const MALFORMED = `apiVersion: apps/v1
kind: Deployment
metadata: { name: spec-null, namespace: apps }
spec: null
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: containers-map, namespace: apps }
spec:
  template:
    spec:
      containers: { name: app, image: "nginx:1.27" }
---
apiVersion: v1
kind: Pod
metadata: { name: null-item, namespace: apps }
spec:
  containers:
    - null
---
apiVersion: v1
kind: List
items:
  - null
  - apiVersion: v1
    kind: ConfigMap
    metadata: { name: fine, namespace: apps }
`;

describe("policy:check on broken and large inputs", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "inputs-"));
    fs.writeFileSync(path.join(dir, "malformed.yaml"), MALFORMED);
    fs.symlinkSync("missing.yaml", path.join(dir, "broken.yaml"));
    fs.mkdirSync(path.join(dir, "loop"));
    fs.symlinkSync("..", path.join(dir, "loop", "up"));
    const expectedErrors = [
        {
            file: `${dir}/broken.yaml`,
            message: "cannot read: broken symbolic link (ENOENT); skipped",
        },
        {
            file: `${dir}/loop/up`,
            message: `cannot read: link loop (already read as ${fs.realpathSync(dir)}); skipped`,
        },
        {
            file: `${dir}/malformed.yaml`,
            doc: 3,
            message: "document 3 is not a Kubernetes object (apiVersion and kind are required)",
        },
    ];

    it("reports malformed objects as their own findings, skips bad links, checks the rest (exit 2)", () => {
        const run = runTool("policy-check", ["--config", "production", "--format", "json", dir]);
        assert.strictEqual(run.status, 2, run.stderr);
        assert.doesNotMatch(run.stderr, /\n\s+at /, "no stack trace");
        const doc = JSON.parse(run.stdout) as PolicyCheckReport;
        assert.deepStrictEqual(doc.errors, expectedErrors);
        const findings = doc.results.map((r) => [
            r.name,
            r.violations
                .filter(
                    (v) =>
                        v.policy === "manifest-well-formed" ||
                        /could not be checked/.test(v.message),
                )
                .map((v) => `${v.policy}: ${v.message}`),
        ]);
        assert.deepStrictEqual(findings, [
            ["spec-null", ["manifest-well-formed: spec is null; expected an object"]],
            [
                "containers-map",
                [
                    "manifest-well-formed: spec.template.spec.containers is a map; expected a list",
                    "workloads-require-resource-limits: could not be checked: the object is malformed (see its manifest-well-formed and manifest-schema findings)",
                ],
            ],
            [
                "null-item",
                [
                    "manifest-well-formed: spec.containers[0] is null; expected an object",
                    "workloads-require-resource-limits: could not be checked: the object is malformed (see its manifest-well-formed and manifest-schema findings)",
                ],
            ],
            ["fine", []],
        ]);
    });

    for (const format of ["text", "json", "sarif"]) {
        it(`writes every input error to stderr in ${format} format`, () => {
            const run = runTool("policy-check", [
                "--config",
                "production",
                "--format",
                format,
                dir,
            ]);
            assert.strictEqual(run.status, 2);
            assert.deepStrictEqual(
                run.stderr.trim().split("\n"),
                expectedErrors.map(
                    (e) =>
                        `error ${e.file}${e.doc !== undefined ? ` (document ${e.doc})` : ""}: ${e.message}`,
                ),
            );
            if (format !== "text") {
                JSON.parse(run.stdout); // stdout stays one clean document
            } else {
                assert.doesNotMatch(run.stdout, /^error /m);
            }
        });
    }

    it("checks 20,000 objects in one file", function () {
        this.timeout(300_000);
        // Copies of a compliant service, each renamed (labels and selectors too) so they stay distinct.
        const text = fs.readFileSync(
            path.join(ROOT, "tests/fixtures/manifests/good/inventory.yaml"),
            "utf8",
        );
        const docs: string[] = [];
        for (let i = 0; docs.length < 20_000; i++) {
            for (const d of parseAllDocuments(text.replaceAll("inventory", `inventory-${i}`))) {
                if (docs.length < 20_000) {
                    docs.push(stringify(d.toJS()));
                }
            }
        }
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "large-")), "large.yaml");
        fs.writeFileSync(file, docs.join("---\n"));
        const run = runTool("policy-check", ["--config", "production", file], 280_000);
        assert.strictEqual(run.stderr, "");
        assert.strictEqual(
            run.stdout.trim().split("\n").pop(),
            "20000 object(s) in 1 file(s): 0 mandatory, 0 advisory, 0 exempted, 0 input error(s)",
        );
        assert.strictEqual(run.status, 0);
    });
});
