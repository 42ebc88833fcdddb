/**
 * The version matrix (schemas/versions/matrix.ts) and the config checks that read it: a pinned
 * version outside the matrix for the cluster's minor, a Kubernetes version past EKS standard support,
 * the allowances for both, the upgrade policy, and docs/versions.md generated from the matrix.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";

import { parsePlatformConfig } from "../../config";
import { supportedEksVersions } from "../../schemas/aws-facts";
import {
    holds,
    matrixMarkdown,
    PINNED,
    PINNED_KEYS,
    VERSION_MATRIX,
} from "../../schemas/versions/matrix";
import { at } from "../helpers/edit";
import {
    ConfigCase,
    configCases,
    managedGroupsStack,
    rawStack,
    stackContext,
} from "../helpers/config";

const P = "supply-chain-platform";
const TODAY = "2026-12-06";
const REASON = "moving to 1.35 in the January change window";

function errors(raw: Record<string, unknown>, today = TODAY): string[] {
    try {
        parsePlatformConfig(raw, { ...stackContext("staging"), today });
        return [];
    } catch (e) {
        return (e as Error).message.split("\n").map((l) => l.trim());
    }
}

/** Staging on another minor. */
function on(minor: string): Record<string, unknown> {
    const raw = rawStack("staging");
    at(raw, "cluster").kubernetesVersion = minor;
    at(raw, "addons", "clusterAutoscaler").enabled = false;
    delete at(raw, "addons", "clusterAutoscaler").imageTag;
    return raw;
}

const cases: ConfigCase[] = [
    {
        name: "a chart version the matrix does not hold",
        mutate: (c) => (at(c, "addons", "metricsServer").version = "3.12.2"),
        message: `${P}:addons.metricsServer.version must be a version the matrix holds for Kubernetes 1.35 (cluster.kubernetesVersion): 3.13.0 (schemas/versions/matrix.ts and docs/versions.md, with sources); add the new version there with its source, or set cluster.versionAllowances.metricsServer.reason, got "3.12.2"`,
    },
    {
        name: "the Cluster Autoscaler chart of another minor",
        managedGroups: true,
        mutate: (c) => (at(c, "addons", "clusterAutoscaler").version = "9.51.0"),
        message: `${P}:addons.clusterAutoscaler.version must be a version the matrix holds for Kubernetes 1.35 (cluster.kubernetesVersion): 9.59.0 (schemas/versions/matrix.ts and docs/versions.md, with sources); add the new version there with its source, or set cluster.versionAllowances.clusterAutoscaler.reason, got "9.51.0"`,
    },
    {
        name: "a Karpenter version the matrix does not hold",
        mutate: (c) => (at(c, "karpenter").version = "1.8.2"),
        message: `${P}:karpenter.version must be a version the matrix holds for Kubernetes 1.35 (cluster.kubernetesVersion): 1.14.1 (schemas/versions/matrix.ts and docs/versions.md, with sources); add the new version there with its source, or set cluster.versionAllowances.karpenter.reason, got "1.8.2"`,
    },
    {
        name: "an end-of-life Istio outside its Kubernetes range without an allowance",
        mutate: (c) => (at(c, "addons", "istio").version = "1.27.3"),
        message: `${P}:addons.istio.version must be a version the matrix holds for Kubernetes 1.35 (cluster.kubernetesVersion): 1.30.3 (schemas/versions/matrix.ts and docs/versions.md, with sources); add the new version there with its source, or set cluster.versionAllowances.istio.reason, got "1.27.3"`,
    },
    {
        name: "an allowance the matrix makes unnecessary",
        mutate: (c) => (at(c, "cluster", "versionAllowances").tracing = { reason: REASON }),
        message: `${P}:cluster.versionAllowances.tracing must be removed: the matrix holds OpenTelemetry collector chart 0.170.0 for Kubernetes 1.35, so nothing needs allowing, got {"reason":"${REASON}"}`,
    },
    {
        name: "an allowance whose reason is blank",
        mutate: (c) => (at(c, "cluster", "versionAllowances").argoRollouts = { reason: "   " }),
        message: `${P}:cluster.versionAllowances.argoRollouts.reason must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 0 visible characters and 0 different words, got "   "`,
    },
    {
        name: "an upgrade policy EKS does not have",
        mutate: (c) => (at(c, "cluster").upgradePolicy = { supportType: "LONG" }),
        message: `${P}:cluster.upgradePolicy.supportType must be one of "STANDARD", "EXTENDED", got "LONG"`,
    },
];

describe("config: the version matrix", () => {
    configCases(cases);

    it("accepts the committed stacks on 1.35 with their one allowance (Istio 1.30.3 needs none)", () => {
        for (const stack of ["staging", "production"] as const) {
            const c = parsePlatformConfig(rawStack(stack), {
                ...stackContext(stack),
                today: TODAY,
            });
            assert.deepStrictEqual(
                [
                    c.cluster.kubernetesVersion,
                    c.cluster.upgradePolicy,
                    Object.keys(c.cluster.versionAllowances).sort(),
                ],
                ["1.35", { supportType: "STANDARD" }, ["argoRollouts"]],
            );
        }
    });

    it("refuses 1.34 on 2026-12-06: past standard support, naming the dates and the way out", () => {
        const raw = on("1.34");
        assert.deepStrictEqual(
            errors(raw).filter((l) => l.includes("cluster.kubernetesVersion")),
            [
                `${P}:cluster.kubernetesVersion is past EKS standard support on 2026-12-06 (it ended 2026-12-02; extended support, billed at a higher hourly rate, ends 2027-12-02): use a version in standard support (1.35), upgrading a running cluster one minor at a time (docs/operations.md, "Kubernetes upgrades"), or set cluster.extendedSupport.reason, got "1.34"`,
            ],
        );
    });

    it("accepts 1.34 past standard support with an extended-support allowance and EXTENDED policy only", () => {
        const raw = on("1.34");
        delete at(raw, "cluster", "versionAllowances").argoRollouts; // 2.41.0 is tested on 1.34
        at(raw, "cluster").extendedSupport = { reason: REASON };
        assert.deepStrictEqual(errors(raw), [
            `${P}:cluster.upgradePolicy.supportType must be EXTENDED while cluster.extendedSupport is set (with STANDARD, EKS upgrades the control plane itself at the end of standard support), got "STANDARD"`,
        ]);
        at(raw, "cluster").upgradePolicy = { supportType: "EXTENDED" };
        assert.deepStrictEqual(errors(raw), []);
        // The same config the day before 1.34 left standard support: the allowance is not needed.
        assert.deepStrictEqual(errors(raw, "2026-12-01"), [
            `${P}:cluster.extendedSupport must be removed: Kubernetes 1.34 is in EKS standard support until 2026-12-02, got {"reason":"${REASON}"}`,
        ]);
    });

    it("refuses a generated pinned version on a generated minor exactly when the matrix does not hold it", () => {
        // The minors EKS runs on the day (others are refused by the calendar check alone).
        const minors = [...VERSION_MATRIX.keys()].filter((m) =>
            supportedEksVersions(TODAY).includes(m),
        );
        fc.assert(
            fc.property(
                fc.constantFrom(...minors),
                fc.constantFrom(...PINNED_KEYS.filter((k) => k !== "clusterAutoscalerImage")),
                fc.constantFrom(
                    "0.0.1",
                    ...[...PINNED.values()].flatMap((p) => p.versions.map((v) => v.version)),
                ),
                (minor, key, version) => {
                    // Cluster Autoscaler is off in the committed stacks: its keys are checked on
                    // the managed-group form of the stack, where it is on.
                    const raw =
                        key === "clusterAutoscaler"
                            ? managedGroupsStack("staging")
                            : rawStack("staging");
                    at(raw, "cluster").kubernetesVersion = minor;
                    at(raw, "cluster").versionAllowances = {};
                    delete at(raw, "addons", "clusterAutoscaler").imageTag;
                    const pinned = PINNED.get(key);
                    assert.ok(pinned);
                    at(raw, ...pinned.path.slice(0, -1))[pinned.path[pinned.path.length - 1]] =
                        version;
                    const held = (pinned.versions ?? []).some(
                        (c) => c.version === version && holds(c, minor),
                    );
                    const refused = errors(raw).some((l) =>
                        l.startsWith(
                            `${P}:${pinned.path.join(".")} must be a version the matrix holds for Kubernetes ${minor} `,
                        ),
                    );
                    assert.strictEqual(refused, !held, `${key} ${version} on ${minor}`);
                },
            ),
            { numRuns: 60 },
        );
    });

    it("holds each range's ends and nothing outside them", () => {
        const c = { version: "x", from: "1.31", to: "1.34", source: "s" };
        assert.deepStrictEqual(
            ["1.30", "1.31", "1.34", "1.35"].map((m) => holds(c, m)),
            [false, true, true, false],
        );
        assert.strictEqual(holds({ version: "x", source: "s" }, "1.35"), true);
    });

    it("is what docs/versions.md shows", () => {
        const doc = fs.readFileSync(
            path.join(__dirname, "..", "..", "docs", "versions.md"),
            "utf8",
        );
        const between =
            /<!-- version-matrix:start -->\n([\s\S]*?)\n<!-- version-matrix:end -->/.exec(doc);
        assert.ok(between, "docs/versions.md has the matrix markers");
        const norm = (text: string) =>
            text
                .trim()
                .split("\n")
                .map((l) => l.replace(/\s+/g, " ").replace(/-{3,}/g, "---").trim())
                .join("\n");
        assert.strictEqual(norm(between[1]), norm(matrixMarkdown()));
    });
});
