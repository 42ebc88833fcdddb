/**
 * End-to-end: `npm run policy:check` on plain manifests, in every output format.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv-draft-04";
import addFormats from "ajv-formats";

import { PolicyCheckReport, ROOT, runningPacks, runTool, SarifReport } from "./cli";

const BAD = "tests/fixtures/manifests/bad";
const GOOD = "tests/fixtures/manifests/good";

describe("policy:check (end to end)", function () {
    this.timeout(60_000);

    it("passes compliant manifests (exit 0)", () => {
        const run = runTool("policy-check", ["--config", "production", GOOD]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.strictEqual(run.stderr, "");
        assert.deepStrictEqual(run.stdout.trim().split("\n").slice(-2), [
            "policy config: production (policies/config/production.json)",
            "4 object(s) in 1 file(s): 0 mandatory, 0 advisory, 0 exempted, 0 input error(s)",
        ]);
    });

    it("reports the known violations, bad YAML and a missing file, and still checks the rest (exit 2)", () => {
        const run = runTool("policy-check", ["--format", "json", BAD, "missing.yaml"]);
        assert.strictEqual(run.status, 2, run.stderr);
        const doc = JSON.parse(run.stdout) as PolicyCheckReport;
        assert.deepStrictEqual(doc.errors, [
            {
                file: "missing.yaml",
                message: `cannot read: no such file or directory (looked for ${ROOT}/missing.yaml)`,
            },
            {
                file: `${BAD}/broken.yaml`,
                doc: 1,
                // The yaml library's own message with its code frame (the line and a caret).
                message:
                    "invalid YAML in document 1: Flow sequence in block collection must be sufficiently indented and end with a ] at line 11, column 1:\n\nmetadata: [unclosed\n\n^",
            },
        ]);
        assert.deepStrictEqual(doc.config, {
            name: "production",
            file: "policies/config/production.json",
            explicit: false,
        });
        assert.strictEqual(
            run.stderr.split("\n")[0],
            "policy config: production (policies/config/production.json), the default; choose one with --config production|staging|<file>",
        );
        const byDoc = doc.results.map((r) => [
            r.file,
            r.doc,
            r.kind,
            r.name,
            [...new Set(r.violations.map((v) => v.policy))].sort(),
        ]);
        assert.deepStrictEqual(byDoc, [
            [`${BAD}/broken.yaml`, 0, "ConfigMap", "fine", []],
            [
                `${BAD}/workloads.yaml`,
                0,
                "Deployment",
                "legacy",
                [
                    "mesh-require-namespace-mtls",
                    "workloads-disallow-latest-tag",
                    "workloads-disallow-privilege-escalation",
                    "workloads-disallow-privileged",
                    "workloads-require-drop-all-capabilities",
                    "workloads-require-pod-anti-affinity",
                    "workloads-require-pod-disruption-budget",
                    "workloads-require-probes",
                    "workloads-require-read-only-root-filesystem",
                    "workloads-require-resource-limits",
                    "workloads-require-run-as-non-root",
                    "workloads-require-seccomp",
                ],
            ],
            [
                `${BAD}/workloads.yaml`,
                1,
                "PeerAuthentication",
                "default",
                ["mesh-require-strict-mtls"],
            ],
        ]);
        const pa = doc.results[2].violations[0];
        assert.deepStrictEqual(pa, {
            policy: "mesh-require-strict-mtls",
            enforcementLevel: "mandatory",
            message:
                "PeerAuthentication 'supply-chain/default' sets spec.mtls.mode=PERMISSIVE; set it to STRICT. It is not an open migration window: a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh.",
            line: 28,
            column: 5,
        });
        assert.deepStrictEqual(doc.summary, {
            files: 2,
            objects: 3,
            mandatory: 17,
            advisory: 0,
            exempted: 0,
            helmHooks: 0,
            skippedHelmHooks: 0,
            errors: 2,
        });
    });

    it("exits 1 on mandatory violations alone, by either pack route", () => {
        assert.strictEqual(runTool("policy-check", [`${BAD}/workloads.yaml`]).status, 1);
        const grpc = runTool("policy-check", ["--pack", "grpc", `${BAD}/workloads.yaml`]);
        assert.strictEqual(grpc.status, 1, grpc.stderr);
    });

    it("writes SARIF 2.1.0 that validates against the official schema", () => {
        const run = runTool("policy-check", ["--format", "sarif", `${BAD}/workloads.yaml`]);
        assert.strictEqual(run.status, 1, run.stderr);
        const sarif = JSON.parse(run.stdout) as SarifReport;
        const schema = JSON.parse(
            fs.readFileSync(
                path.join(
                    ROOT,
                    "node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json",
                ),
                "utf8",
            ),
        );
        // unicodeRegExp off: the official schema's `language` pattern has a stray "]" that is only
        // valid in non-unicode regular expressions.
        const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
        addFormats(ajv as never);
        const validate = ajv.compile(schema);
        const valid = validate(structuredClone(sarif));
        assert.ok(valid, JSON.stringify(validate.errors, null, 1));
        const results = sarif.runs[0].results;
        assert.strictEqual(results.length, 17);
        const mtls = results.find((r) => r.ruleId === "mesh-require-strict-mtls");
        assert.ok(mtls, "a mesh-require-strict-mtls result");
        // Line 28 of the file is `    mode: PERMISSIVE` (the field the message is about).
        assert.deepStrictEqual(mtls.locations[0].physicalLocation, {
            artifactLocation: { uri: `${BAD}/workloads.yaml` },
            region: { startLine: 28, startColumn: 5 },
        });
        assert.strictEqual(mtls.level, "error");
    });

    it("uses a stack's policy config: staging downgrades read-only root filesystem to advisory", () => {
        const run = runTool("policy-check", [
            "--format",
            "json",
            "--config",
            "staging",
            `${BAD}/workloads.yaml`,
        ]);
        const levels = (JSON.parse(run.stdout) as PolicyCheckReport).results[0].violations
            .filter((v) => v.policy === "workloads-require-read-only-root-filesystem")
            .map((v) => v.enforcementLevel);
        assert.deepStrictEqual(levels, ["advisory"]);
    });

    it("leaves no policy pack process running", () => {
        assert.deepStrictEqual(runningPacks(), []);
    });
});
