import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { field } from "../../lib/kubernetes";
import { policies } from "../../policies/policies";

/** The stable policy ids (DESIGN.md); reports and CI depend on them. */
const EXPECTED = [
    "workloads-require-resource-limits",
    "mesh-require-strict-mtls",
    "workloads-require-pod-anti-affinity",
    "mesh-require-namespace-mtls",
    "workloads-disallow-latest-tag",
    "workloads-require-probes",
    "workloads-disallow-privileged",
    "workloads-disallow-host-namespaces",
    "workloads-disallow-host-path",
    "workloads-disallow-host-ports",
    "workloads-require-run-as-non-root",
    "workloads-disallow-privilege-escalation",
    "workloads-require-drop-all-capabilities",
    "workloads-require-seccomp",
    "workloads-require-read-only-root-filesystem",
    "mesh-require-sidecar-injection",
    "mesh-disallow-fault-injection",
    "workloads-require-pod-disruption-budget",
    "workloads-disallow-fixed-replicas-with-hpa",
    "workloads-require-ml-toleration",
    "eks-require-secrets-encryption",
    "eks-require-control-plane-logging",
    "eks-restrict-public-endpoint",
    "kms-require-key-rotation",
    "iam-disallow-wildcard-actions",
    "iam-restrict-workload-trust",
    "aws-require-rds-encryption",
    "aws-require-elasticache-encryption",
    "aws-disallow-public-databases",
    "workloads-disallow-host-process",
    "workloads-restrict-apparmor",
    "workloads-restrict-selinux",
    "workloads-require-default-proc-mount",
    "workloads-restrict-sysctls",
    "workloads-restrict-volume-types",
    "workloads-disallow-root-user",
    "secrets-restrict-store-service-account",
];
const CORE = [
    "workloads-require-resource-limits",
    "mesh-require-strict-mtls",
    "workloads-require-pod-anti-affinity",
    "mesh-require-namespace-mtls",
];

const levelOf = (config: Record<string, unknown>, name: string) => {
    const entry = config[name] ?? config.all;
    return typeof entry === "string" ? entry : (field(entry, "enforcementLevel") ?? config.all);
};

describe("policy pack", () => {
    it("holds exactly the stable policy ids", () => {
        assert.deepStrictEqual(policies.map((p) => p.name).sort(), [...EXPECTED].sort());
    });

    it("gives every policy a description, severity and remediation", () => {
        for (const p of policies) {
            assert.ok(p.description.length > 20 && p.severity && p.remediationSteps, p.name);
        }
    });

    it("documents every policy's severity in its JSDoc", () => {
        const root = path.resolve(__dirname, "../../policies");
        const files = ["workloads", "mesh", "eks", "aws", "secrets"].flatMap((d) =>
            fs.readdirSync(path.join(root, d)).map((f) => path.join(root, d, f)),
        );
        for (const p of policies) {
            const file = files.find((f) =>
                fs.readFileSync(f, "utf8").includes(`name: "${p.name}"`),
            );
            assert.ok(file, `a file defines ${p.name}`);
            assert.match(
                fs.readFileSync(file, "utf8"),
                new RegExp(`@severity ${p.severity}\\b`),
                `${p.name} JSDoc @severity`,
            );
        }
    });

    for (const stack of ["staging", "production"]) {
        it(`${stack}.json names only known policies and keeps the core mandatory`, () => {
            const config = JSON.parse(
                fs.readFileSync(
                    path.resolve(__dirname, `../../policies/config/${stack}.json`),
                    "utf8",
                ),
            );
            assert.deepStrictEqual(
                Object.keys(config).filter((k) => k !== "all" && !EXPECTED.includes(k)),
                [],
            );
            assert.deepStrictEqual(
                CORE.map((n) => levelOf(config, n)),
                CORE.map(() => "mandatory"),
            );
        });
    }

    it("disables fault injection only in staging", () => {
        const read = (s: string) =>
            JSON.parse(
                fs.readFileSync(path.resolve(__dirname, `../../policies/config/${s}.json`), "utf8"),
            );
        assert.deepStrictEqual(
            [
                levelOf(read("staging"), "mesh-disallow-fault-injection"),
                levelOf(read("production"), "mesh-disallow-fault-injection"),
            ],
            ["disabled", "mandatory"],
        );
    });
});
