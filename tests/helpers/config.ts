/**
 * Stack config fixtures for tests: the real stack files, read the way the CLI reads them.
 */
import * as assert from "assert";
import * as path from "path";

import {
    ConfigContext,
    ConfigError,
    parsePlatformConfig,
    PROJECT,
    rawProjectConfig,
} from "../../config";
import { loadStackConfig, StackConfig } from "../../tools/offline/stack-config";
import { at, Plain } from "./edit";

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The flat config of a committed stack (`staging` or `production`). */
export function stackConfig(stack: string): StackConfig {
    return loadStackConfig(ROOT, stack);
}

/**
 * The raw (unvalidated) project config of a committed stack, as plain objects; safe to mutate (reach
 * the object a case edits with `at` or `listAt` of ./edit).
 */
export function rawStack(stack: string): Plain {
    return structuredClone(rawProjectConfig(stackConfig(stack).config));
}

export { PROJECT };

/** The day config tests check the Kubernetes version against (fixed, so results never drift). */
export const TEST_DAY = "2026-11-24";

/** What `loadPlatformConfig` passes for a committed stack: its region and secret keys, on TEST_DAY. */
export function stackContext(stack: string): ConfigContext {
    const s = stackConfig(stack);
    return { region: s.config["aws:region"] ?? null, secretKeys: s.secretKeys, today: TEST_DAY };
}

const general = (instanceTypes: string[], minSize: number, maxSize: number) => ({
    instanceTypes,
    capacityType: "ON_DEMAND",
    minSize,
    maxSize,
    desiredSize: minSize,
    labels: { workload: "general" },
});
const ml = (maxSize: number) => ({
    instanceTypes: ["c5.xlarge", "c6i.xlarge"],
    capacityType: "SPOT",
    minSize: 0,
    maxSize,
    desiredSize: 1,
    diskSizeGiB: 100,
    labels: { workload: "ml-processing" },
    taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
});
/** The managed node groups the committed stacks ran before Karpenter provisioned their pools. */
const MANAGED_GROUPS: ReadonlyMap<string, Plain> = new Map([
    ["staging", { general: general(["t3.medium"], 2, 6), ml: ml(3) }],
    [
        "production",
        {
            general: general(["t3.xlarge", "m5.xlarge"], 3, 10),
            ml: ml(5),
            gpu: {
                instanceTypes: ["g5.xlarge"],
                capacityType: "ON_DEMAND",
                minSize: 0,
                maxSize: 4,
                desiredSize: 3,
                diskSizeGiB: 200,
                gpu: true,
                labels: { workload: "ml-gpu", "k8s.amazonaws.com/accelerator": "nvidia-a10g" },
                taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
            },
        },
    ],
]);

/**
 * A committed stack as a stack without Karpenter runs it: Cluster Autoscaler (the same chart and
 * image) scales managed node groups (general, ML spot and, in production, GPU) and Karpenter is off.
 * Cases about node groups and Cluster Autoscaler start from it.
 */
export function managedGroupsStack(stack: string): Plain {
    const raw = rawStack(stack);
    at(raw, "cluster").nodeGroups = structuredClone(MANAGED_GROUPS.get(stack));
    at(raw, "addons").clusterAutoscaler = { version: "9.59.0", imageTag: "v1.35.2" };
    raw.karpenter = { enabled: false };
    return raw;
}

/**
 * Removes inventory's `delivery` from a raw stack. The committed stacks release inventory as a canary
 * Rollout, which needs monitoring (its analysis) and owns the mesh's canary weight and header route
 * (tests/schemas/delivery.spec.ts); cases about a Deployment-backed service or monitoring being off use
 * inventory without it, so that they meet only the refusal they test.
 */
export function withoutDelivery(c: Plain): void {
    delete at(c, "services", "inventory").delivery;
}

/** One invalid-config case: a mutation of a committed stack and the exact message it must produce. */
export interface ConfigCase {
    readonly name: string;
    readonly stack?: "staging" | "production";
    readonly mutate: (c: Plain) => void;
    /** Changes to the context (region, secret keys, day) of the committed stack. */
    readonly context?: Partial<ConfigContext>;
    /** Start from {@link managedGroupsStack} instead of the committed stack. @default false */
    readonly managedGroups?: boolean;
    readonly message: string;
}

/** Declares one test per case: the mutated stack fails with exactly the case's ConfigError message. */
export function configCases(
    cases: readonly ConfigCase[],
    base: (stack: string) => Plain = rawStack,
): void {
    for (const c of cases) {
        it(`fails: ${c.name}`, () => {
            const stack = c.stack ?? "staging";
            const raw = c.managedGroups ? managedGroupsStack(stack) : base(stack);
            c.mutate(raw);
            assert.throws(
                () => parsePlatformConfig(raw, { ...stackContext(stack), ...c.context }),
                (e: unknown) => {
                    assert.ok(
                        e instanceof ConfigError,
                        "a ConfigError (printed by Pulumi without a stack trace)",
                    );
                    assert.strictEqual(e.message, c.message);
                    return true;
                },
            );
        });
    }
}
