/**
 * End-to-end: `npm run preview:offline` as a child process, per the contract in DESIGN.md.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseAllDocuments, stringify } from "yaml";

import type { PreviewResult } from "../../../tools/offline/preview";
import { ROOT, Run, runningPacks, runTool } from "../cli";

describe("preview:offline (end to end)", function () {
    this.timeout(60_000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "preview-"));
    const runs = new Map<string, Run>();
    const preview = (stack: string) => {
        if (!runs.has(stack)) {
            runs.set(
                stack,
                runTool("preview", ["--stack", stack, "--out", out, "--format", "json"]),
            );
        }
        return runs.get(stack)!;
    };

    for (const stack of ["staging", "production"]) {
        it(`previews ${stack} with zero mandatory violations and schema errors (exit 0)`, () => {
            const run = preview(stack);
            assert.strictEqual(run.status, 0, run.stderr);
            const doc = JSON.parse(run.stdout) as PreviewResult;
            assert.deepStrictEqual(Object.keys(doc), [
                "stack",
                "resources",
                "violations",
                "schemaErrors",
                "capacity",
                "cost",
                "summary",
                "outputs",
            ]);
            assert.deepStrictEqual(Object.keys(doc.summary), [
                "resources",
                "mandatory",
                "advisory",
            ]);
            assert.strictEqual(doc.stack, stack);
            assert.deepStrictEqual([doc.summary.mandatory, doc.schemaErrors], [0, []]);
            assert.strictEqual(doc.summary.resources, doc.resources.length);
            const urns = new Set(doc.resources.map((r) => r.urn));
            for (const r of doc.resources) {
                assert.deepStrictEqual(
                    Object.keys(r).filter((k) => k !== "parent"),
                    ["urn", "type", "name", "provider", "dependencies", "aliases", "inputs"],
                );
                // Every dependency is a resource of the preview (or the stack); the parent is one.
                for (const d of r.dependencies) {
                    assert.ok(
                        urns.has(d) || d.includes("::pulumi:pulumi:Stack::"),
                        `${r.urn}: ${d}`,
                    );
                }
                assert.ok(r.dependencies.includes(r.parent ?? ""), `${r.urn} waits for its parent`);
                if (r.provider !== null && !/::default(_\d+)*$/.test(r.provider)) {
                    // An explicit provider is a resource of the preview, under its engine URN.
                    assert.ok(urns.has(r.provider), `${r.urn}: provider ${r.provider}`);
                }
                if (r.type.startsWith("kubernetes:")) {
                    assert.match(r.provider ?? "", /\$pulumi:providers:kubernetes::platform-k8s$/);
                } else if (r.type.startsWith("aws:")) {
                    assert.match(r.provider ?? "", /::pulumi:providers:aws::default_\d+_\d+_\d+$/);
                }
            }
        });
    }

    it("shows references to other resources as their URNs, never as serialised SDK objects", () => {
        const doc = JSON.parse(preview("production").stdout) as PreviewResult;
        const internals: string[] = [];
        const walk = (value: unknown, at: string) => {
            if (Array.isArray(value)) {
                value.forEach((v, i) => walk(v, `${at}[${i}]`));
            } else if (value !== null && typeof value === "object") {
                for (const [k, v] of Object.entries(value)) {
                    if (k.startsWith("__pulumi")) {
                        internals.push(`${at}.${k}`);
                    }
                    walk(v, `${at}.${k}`);
                }
            }
        };
        doc.resources.forEach((r) => walk(r.inputs, r.name));
        assert.deepStrictEqual(internals, []);
        const named = (name: string) => {
            const found = doc.resources.find((r) => r.name === name);
            assert.ok(found, `a resource named ${name}`);
            return found;
        };
        assert.strictEqual(named("platform-karpenter").inputs.cluster, named("platform-eks").urn);
    });

    it("renders YAML that parses and round-trips, with no secret in it", () => {
        preview("production");
        const dir = path.join(out, "production");
        const files = fs.readdirSync(dir).filter((f) => f !== ".preview-offline.json");
        assert.ok(files.length > 0);
        for (const f of files) {
            const text = fs.readFileSync(path.join(dir, f), "utf8");
            const docs = parseAllDocuments(text).map((d) => d.toJS());
            assert.ok(
                docs.every((d) => d.apiVersion && d.kind),
                `${f}: every document is a Kubernetes object`,
            );
            const again = parseAllDocuments(docs.map((d) => stringify(d)).join("---\n")).map((d) =>
                d.toJS(),
            );
            assert.deepStrictEqual(again, docs);
            assert.doesNotMatch(
                text,
                /certificate-authority-data|4dabf18193072939515e22adb298388d/,
            );
        }
    });

    it("exits 1 with the violation when the policy config forbids what the stack does", () => {
        const config = path.join(out, "strict.json");
        const stagingPolicyConfig = JSON.parse(
            fs.readFileSync(path.join(ROOT, "policies", "config", "staging.json"), "utf8"),
        );
        fs.writeFileSync(
            config,
            JSON.stringify({
                all: "mandatory",
                "mesh-disallow-fault-injection": "disabled",
                // The stack's own exemptions of the namespaces outside the mesh (observability), and
                // its reviewed IAM resource allowance (the load balancer controller's security groups).
                "mesh-require-sidecar-injection":
                    stagingPolicyConfig["mesh-require-sidecar-injection"],
                "iam-disallow-wildcard-actions":
                    stagingPolicyConfig["iam-disallow-wildcard-actions"],
                "eks-restrict-public-endpoint": {
                    enforcementLevel: "mandatory",
                    allowPublicEndpoint: false,
                },
            }),
        );
        const run = runTool("preview", [
            "--stack",
            "staging",
            "--out",
            out,
            "--format",
            "json",
            "--policy-config",
            config,
        ]);
        assert.strictEqual(run.status, 1, run.stderr);
        const doc = JSON.parse(run.stdout) as PreviewResult;
        assert.deepStrictEqual(
            doc.violations.map((v) => [
                v.policy,
                v.enforcementLevel,
                v.urn.split("::").pop(),
                v.message,
            ]),
            [
                [
                    "eks-restrict-public-endpoint",
                    "mandatory",
                    "platform-eks",
                    "EKS cluster 'platform-eks' endpointPublicAccess is true; this stack allows no public endpoint, set it to false.",
                ],
            ],
        );
    });

    it("reports exactly the expected violation for a deliberately unsafe service config (exit 1)", () => {
        // The config accepts a wildcard IAM grant that iam.allow lists with a reason; the pack still
        // blocks it until policies/config allows it too (two keys).
        const unsafe = path.join(out, "Pulumi.unsafe.yaml");
        const text = fs
            .readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8")
            .replace("- actions: [sqs:SendMessage, sqs:GetQueueAttributes]", '- actions: ["sqs:*"]')
            .replace(
                "      iam:\n        statements:",
                '      iam:\n        allow: { reason: "load test of the queue for one week", actions: ["sqs:*"] }\n        statements:',
            );
        fs.writeFileSync(unsafe, text);
        const run = runTool("preview", [
            "--stack",
            "staging",
            "--config",
            unsafe,
            "--out",
            out,
            "--format",
            "json",
        ]);
        assert.strictEqual(run.status, 1, run.stderr);
        const doc = JSON.parse(run.stdout) as PreviewResult;
        assert.deepStrictEqual(
            doc.violations.map((v) => [
                v.policy,
                v.enforcementLevel,
                v.urn.split("::").pop(),
                v.message,
            ]),
            [
                [
                    "iam-disallow-wildcard-actions",
                    "mandatory",
                    "order-pod-identity-policy",
                    `IAM RolePolicy 'order-pod-identity-policy' policy: Statement[0] allows action "sqs:*" (every sqs action); grant named actions only.`,
                ],
            ],
        );
    });

    it("exits 2 with one line naming the key for a broken stack config, without a stack trace", () => {
        const bad = path.join(out, "Pulumi.bad.yaml");
        fs.writeFileSync(
            bad,
            fs
                .readFileSync(path.join(ROOT, "Pulumi.production.yaml"), "utf8")
                .replace("maxSize: 2", "maxSize: -1"),
        );
        const run = runTool("preview", ["--stack", "production", "--config", bad, "--out", out]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(
            run.stderr,
            "error: supply-chain-platform:cluster.nodeGroups.karpenter.maxSize must be >= minSize (2), got -1\n",
        );
        assert.strictEqual(run.stdout, "");
    });

    it("exits 2 on usage errors", () => {
        assert.deepStrictEqual(
            runTool("preview", ["--stack", "staging", "--format", "xml"]).stderr,
            "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are text, json.\n",
        );
        const missing = runTool("preview", ["--stack", "qa"]);
        assert.deepStrictEqual(
            [missing.status, missing.stderr],
            [
                2,
                "error: no policy config for stack qa (policies/config/qa.json); pass --policy-config\n",
            ],
        );
    });

    const text = new Map<string, Run>();
    const textPreview = (stack: string) => {
        if (!text.has(stack)) {
            text.set(stack, runTool("preview", ["--stack", stack, "--out", out]));
        }
        return text.get(stack)!;
    };

    it("prints a compact tree and a closing block as text, with no progress when stderr is not a terminal", () => {
        const run = textPreview("staging");
        assert.deepStrictEqual([run.status, run.stderr], [0, ""]);
        assert.match(
            run.stdout,
            /^ {3}\+ platform:cluster:Cluster {2}platform {2}\(28 resources\)$/m,
        );
        assert.match(
            run.stdout,
            /^ {3}\+ platform:apps:Microservice x5 {2}inventory, order, shipping, payment, customer {2}\(56 resources\)$/m,
        );
        assert.match(run.stdout, /^Resources:\n {4}\+ 309 to create$/m);
        assert.match(run.stdout, /^Policy: 0 mandatory, 0 advisory$/m);
        assert.match(run.stdout, /^ {2}\+ kubeconfig {9}: \[secret\]$/m);
        assert.match(run.stdout, /^ {2}\+ clusterName {8}: "supply-chain-staging"$/m);
        assert.ok(!run.stdout.includes("\u001b["), "no colour when not on a terminal");
    });

    it("prints what the README's excerpt of the staging output shows, line for line", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const excerpt =
            /An excerpt of `npm run preview:offline -- --stack staging`:\n\n```text\n([\s\S]*?)```/.exec(
                readme,
            );
        assert.ok(excerpt, "the README has the excerpt");
        const printed = new Set(textPreview("staging").stdout.split("\n"));
        const lines = excerpt[1].split("\n").filter((l) => l !== "..." && l !== "");
        assert.ok(lines.length >= 20);
        assert.deepStrictEqual(
            lines.filter((l) => !printed.has(l)),
            [],
            "README excerpt lines the staging preview no longer prints (copy them from its output)",
        );
    });

    for (const stack of ["staging", "production"]) {
        it(`fits the default text output of ${stack} on one screen (at most 60 lines)`, () => {
            const lines = textPreview(stack).stdout.trimEnd().split("\n");
            assert.ok(lines.length <= 60, `${lines.length} lines:\n${lines.join("\n")}`);
            // Every component is still accounted for: the stack line counts every resource.
            const doc = JSON.parse(preview(stack).stdout) as PreviewResult;
            assert.match(lines[2], new RegExp(`\\(${doc.resources.length} resources\\)$`));
        });
    }

    it("records the stack outputs, the secret ones redacted", () => {
        const doc = JSON.parse(preview("staging").stdout) as PreviewResult;
        assert.deepStrictEqual(Object.keys(doc.outputs).sort(), [
            "clusterName",
            "datastoreEndpoints",
            "ingressHealthUrl",
            "ingressHosts",
            "ingressLoadBalancer",
            "kubeconfig",
            "modelServerNames",
            "nodeGroupNames",
            "nodePoolNames",
            "oidcProviderArn",
            "platformFacts",
            "serviceNames",
        ]);
        assert.strictEqual(doc.outputs.kubeconfig, "[secret]");
        assert.deepStrictEqual(doc.outputs.serviceNames, [
            "inventory",
            "order",
            "shipping",
            "payment",
            "customer",
        ]);
    });

    it("shows a one-service change as a short diff against the earlier preview's JSON", () => {
        const baseline = path.join(out, "baseline-staging.json");
        fs.writeFileSync(baseline, preview("staging").stdout);
        const changed = path.join(out, "Pulumi.changed.yaml");
        const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.staging.yaml"), "utf8");
        const at = yaml.indexOf("    shipping:");
        fs.writeFileSync(
            changed,
            yaml.slice(0, at) + yaml.slice(at).replace("LOG_LEVEL: DEBUG", "LOG_LEVEL: INFO"),
        );
        const run = runTool("preview", [
            "--stack",
            "staging",
            "--config",
            changed,
            "--out",
            out,
            "--diff",
            baseline,
        ]);
        assert.deepStrictEqual([run.status, run.stderr], [0, ""]);
        const lines = run.stdout.split("\n");
        const from = lines.findIndex((l) => l.includes("platform:apps:Microservice  shipping"));
        assert.deepStrictEqual(lines.slice(from, from + 3), [
            "     platform:apps:Microservice  shipping  (7 resources)",
            "      ~ kubernetes:core/v1:ConfigMap  shipping-config",
            '           ~ data.LOG_LEVEL: "DEBUG" => "INFO"',
        ]);
        assert.match(run.stdout, /^Resources:\n {4}~ 1 to update\n {4}308 unchanged$/m);
        assert.match(
            run.stdout,
            /^ {5}platform:apps:Microservice x4 {2}inventory, order, payment, customer {2}\(49 resources\)$/m,
        );
        assert.ok(lines.length <= 60, `${lines.length} lines`);
    });

    it("refuses a baseline of another stack or that is not a preview document (exit 2)", () => {
        const other = path.join(out, "baseline-production.json");
        fs.writeFileSync(other, preview("production").stdout);
        const run = runTool("preview", ["--stack", "staging", "--out", out, "--diff", other]);
        assert.deepStrictEqual(
            [run.status, run.stderr],
            [2, `error: --diff: ${other} is a preview of stack "production", not "staging"\n`],
        );
        const notPreview = path.join(out, "not-preview.json");
        fs.writeFileSync(notPreview, JSON.stringify({ stack: "staging", resources: [{ urn: 1 }] }));
        const bad = runTool("preview", ["--stack", "staging", "--out", out, "--diff", notPreview]);
        assert.deepStrictEqual(
            [bad.status, bad.stderr],
            [
                2,
                `error: --diff: ${notPreview} is not a preview:offline --format json document: resources[0].urn must be a string\n`,
            ],
        );
    });

    it("refuses a --diff-rev git cannot check out (exit 2) and leaves no worktree behind", () => {
        const run = runTool("preview", [
            "--stack",
            "staging",
            "--out",
            out,
            "--diff-rev",
            "no-such-rev",
        ]);
        assert.deepStrictEqual(
            [run.status, run.stderr],
            [
                2,
                'error: --diff-rev: cannot check out "no-such-rev": fatal: invalid reference: no-such-rev\n',
            ],
        );
        const worktrees = spawnSync("git", ["-C", ROOT, "worktree", "list"], { encoding: "utf8" });
        assert.doesNotMatch(worktrees.stdout, /preview-baseline-/);
    });

    it("leaves no policy pack process running", () => {
        assert.deepStrictEqual(runningPacks(), []);
    });
});
