/**
 * Per-object exemptions (policies.supply-chain-platform/exempt): with a reason they exempt, without
 * one they are findings themselves, and one that exempts nothing is reported.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { EXEMPT_ANNOTATION, parseExemptions } from "../../../tools/checker/exemptions";
import type { PolicyCheckReport, SarifReport } from "../cli";
import { runChecker } from "./in-process";

const POLICIES = new Set(["workloads-require-probes", "workloads-disallow-latest-tag"]);
const REASON = "batch worker without a port; the Job's backoff restarts it";

function deployment(annotation: string): string {
    return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
  namespace: shop
  annotations:
    ${EXEMPT_ANNOTATION}: |
${annotation
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n")}
spec:
  replicas: 1
  selector: { matchLabels: { app: worker } }
  template:
    metadata: { labels: { app: worker } }
    spec:
      containers:
        - name: worker
          image: registry.example.com/worker:1.0.0
`;
}

describe("checker: exemptions by annotation", function () {
    this.timeout(60_000);

    describe("parseExemptions", () => {
        it("reads one exemption a line", () => {
            const r = parseExemptions(
                `workloads-require-probes: ${REASON}\n\nworkloads-disallow-latest-tag: vendor image only published as latest upstream\n`,
                POLICIES,
            );
            assert.deepStrictEqual(r.problems, []);
            assert.deepStrictEqual(
                [...r.exemptions.values()],
                [
                    { policy: "workloads-require-probes", reason: REASON },
                    {
                        policy: "workloads-disallow-latest-tag",
                        reason: "vendor image only published as latest upstream",
                    },
                ],
            );
        });

        it("refuses a line without a reason or with a weak one, an unknown policy, a line that does not parse and a non-string", () => {
            const r = parseExemptions(
                `workloads-require-probes:\nmanifest-schema: the schema is wrong about this field\nnot an exemption\nworkloads-disallow-latest-tag: ok ok ok ok ok ok ok ok\n`,
                POLICIES,
            );
            assert.deepStrictEqual(r.exemptions.size, 0);
            assert.deepStrictEqual(r.problems, [
                `${EXEMPT_ANNOTATION} line 1: the reason for exempting 'workloads-require-probes' must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 0 visible characters and 0 different words; 'workloads-require-probes' is not exempted`,
                `${EXEMPT_ANNOTATION} line 2 names 'manifest-schema', which is not a policy of the pack (schema and structure findings cannot be exempted); nothing is exempted by it`,
                `${EXEMPT_ANNOTATION} line 3 "not an exemption" is not '<policy-id>: <reason>'; nothing is exempted by it`,
                `${EXEMPT_ANNOTATION} line 4: the reason for exempting 'workloads-disallow-latest-tag' must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 16 visible characters and 1 different words; 'workloads-disallow-latest-tag' is not exempted`,
            ]);
            assert.deepStrictEqual(parseExemptions(["a"], POLICIES).problems, [
                `${EXEMPT_ANNOTATION} is a list; expected a string of lines '<policy-id>: <reason>'`,
            ]);
        });
    });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "exempt-"));

    it("an exemption with a reason suppresses the finding (JSON and SARIF inSource suppression)", async () => {
        fs.writeFileSync(
            path.join(dir, "with-reason.yaml"),
            deployment(`workloads-require-probes: ${REASON}`),
        );
        const json = await runChecker(
            ["--config", "production", "--format", "json", "with-reason.yaml"],
            dir,
        );
        const doc = JSON.parse(json.out) as PolicyCheckReport;
        const probes = doc.results[0].violations.filter(
            (v) => v.policy === "workloads-require-probes",
        );
        assert.deepStrictEqual(
            probes.map((v) => [v.line, v.exemption]),
            [
                [16, { reason: REASON }],
                [16, { reason: REASON }],
            ],
        );
        assert.strictEqual(doc.summary.exempted, 2);
        const sarif = JSON.parse(
            (
                await runChecker(
                    ["--config", "production", "--format", "sarif", "with-reason.yaml"],
                    dir,
                )
            ).out,
        ) as SarifReport;
        const suppressed = sarif.runs[0].results.filter((r) => "suppressions" in r);
        assert.deepStrictEqual(
            suppressed.map((r) => [r.ruleId, "suppressions" in r ? r.suppressions : undefined]),
            [
                [
                    "workloads-require-probes",
                    [{ kind: "inSource", status: "accepted", justification: REASON }],
                ],
                [
                    "workloads-require-probes",
                    [{ kind: "inSource", status: "accepted", justification: REASON }],
                ],
            ],
        );
        const text = await runChecker(["--config", "production", "with-reason.yaml"], dir);
        assert.match(
            text.out,
            /with-reason\.yaml:16:11 exempted \[workloads-require-probes\] .* \(reason: batch worker without a port; the Job's backoff restarts it\)/,
        );
    });

    it("an exemption without a reason is a mandatory finding and exempts nothing", async () => {
        fs.writeFileSync(path.join(dir, "no-reason.yaml"), deployment("workloads-require-probes:"));
        const run = await runChecker(
            ["--config", "production", "--format", "json", "no-reason.yaml"],
            dir,
        );
        const doc = JSON.parse(run.out) as PolicyCheckReport;
        const v = doc.results[0].violations;
        assert.deepStrictEqual(
            v.filter((x) => x.policy === "manifest-exemption-valid"),
            [
                {
                    policy: "manifest-exemption-valid",
                    enforcementLevel: "mandatory",
                    message: `${EXEMPT_ANNOTATION} line 1: the reason for exempting 'workloads-require-probes' must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 0 visible characters and 0 different words; 'workloads-require-probes' is not exempted`,
                    path: ["metadata", "annotations", EXEMPT_ANNOTATION],
                    line: 7,
                    column: 5,
                },
            ],
        );
        assert.ok(
            v.filter((x) => x.policy === "workloads-require-probes").every((x) => !x.exemption),
        );
        assert.strictEqual(doc.summary.exempted, 0);
        assert.strictEqual(run.code, 1);
    });

    it("reports an exemption that exempts nothing", async () => {
        fs.writeFileSync(
            path.join(dir, "unused.yaml"),
            deployment("workloads-disallow-latest-tag: the tag is pinned by the release pipeline"),
        );
        const doc = JSON.parse(
            (await runChecker(["--config", "production", "--format", "json", "unused.yaml"], dir))
                .out,
        ) as PolicyCheckReport;
        assert.deepStrictEqual(
            doc.results[0].violations
                .filter((x) => x.policy === "manifest-exemption-unused")
                .map((x) => [x.enforcementLevel, x.message, x.line]),
            [
                [
                    "advisory",
                    `the exemption of 'workloads-disallow-latest-tag' exempts nothing: this object has no 'workloads-disallow-latest-tag' finding; remove the line from ${EXEMPT_ANNOTATION}`,
                    7,
                ],
            ],
        );
    });
});
