/**
 * Schema of the `karpenter` config key: Karpenter v1 as the node provisioner, with one NodePool (and
 * its EC2NodeClass) per pool. Field meanings follow the v1 API (kubernetes-sigs/karpenter
 * `pkg/apis/v1/nodepool.go`, aws/karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go`, v1.14.1).
 */
import { z } from "zod";

import { dnsLabel, labelKey, labelValue, semverish } from "./common";
import { nodeLabelKey } from "./node-labels";
import { cpuQuantity, memoryQuantity } from "./quantities";

/** The taint Karpenter's GPU pools carry (and the NVIDIA device plugin tolerates). */
export const GPU_TAINT_KEY = "nvidia.com/gpu";

/** A Go duration as Karpenter reads `consolidateAfter` and `expireAfter` (or `Never`). */
const duration = z
    .string()
    .regex(/^(([0-9]+(s|m|h))+|Never)$/, "must be a duration like 30s, 5m or 720h, or Never");

const budgetSchema = z.strictObject({
    /** Nodes that may be disrupted at once: a count or a percentage of the pool. */
    nodes: z
        .string()
        .regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, "must be a count like 1 or a percentage like 10%"),
    /** Which disruption reasons the budget covers; all when unset. */
    reasons: z.array(z.enum(["Underutilized", "Empty", "Drifted"])).optional(),
    /** Cron schedule of the window the budget applies in, with `duration`. */
    schedule: z.string().min(1).optional(),
    duration: z
        .string()
        .regex(/^([0-9]+(m|h))+$/, "must be a duration in minutes or hours like 30m or 8h")
        .optional(),
});

/** One NodePool: what nodes it may launch, how they are labelled and tainted, and its limits. */
export const nodePoolSchema = z
    .strictObject({
        capacityTypes: z
            .array(z.enum(["on-demand", "spot"]))
            .min(1, "must list on-demand, spot or both"),
        instanceTypes: z
            .array(
                z
                    .string()
                    .regex(
                        /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
                        "must be an EC2 instance type like m5.large",
                    ),
            )
            .min(1, "must list at least one instance type"),
        labels: z.record(labelKey.pipe(nodeLabelKey), labelValue).default({}),
        taints: z
            .array(
                z.strictObject({
                    key: labelKey,
                    value: labelValue,
                    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
                }),
            )
            .default([]),
        limits: z.strictObject({ cpu: cpuQuantity("bound"), memory: memoryQuantity("bound") }),
        diskSizeGiB: z.int().min(20).max(2000).default(50),
        gpu: z.boolean().default(false),
        disruption: z
            .strictObject({
                consolidationPolicy: z
                    .enum(["WhenEmptyOrUnderutilized", "WhenEmpty"])
                    .default("WhenEmptyOrUnderutilized"),
                consolidateAfter: duration.default("5m"),
                budgets: z
                    .array(budgetSchema)
                    .min(1)
                    .default([{ nodes: "10%" }]),
            })
            .default({
                consolidationPolicy: "WhenEmptyOrUnderutilized",
                consolidateAfter: "5m",
                budgets: [{ nodes: "10%" }],
            }),
        expireAfter: duration.default("720h"),
    })
    .superRefine((p, ctx) => {
        const gpuTaint = p.taints.find((t) => t.key === GPU_TAINT_KEY);
        if (p.gpu && gpuTaint?.effect !== "NoSchedule") {
            ctx.addIssue({
                code: "custom",
                path: ["taints"],
                message: `must hold the taint ${GPU_TAINT_KEY}=true:NoSchedule on a GPU pool, so only pods that ask for GPUs land on its nodes`,
                input: p.taints,
            });
        }
    });

/** The `karpenter` config key. */
export const karpenterSchema = z
    .strictObject({
        enabled: z.boolean().default(false),
        /** Chart and controller version (the chart's appVersion matches). */
        version: semverish.optional(),
        /**
         * The managed node group the controller runs on: it must never run on nodes it provisions
         * (the chart's affinity keeps it off them), so it needs a node group of its own.
         */
        controllerNodeGroup: dnsLabel.optional(),
        /**
         * The AMI alias of every EC2NodeClass: `al2023@latest` follows AWS's releases (nodes drift to
         * each new AMI, within the budgets), `al2023@v20250715` pins one release.
         */
        amiAlias: z
            .string()
            .regex(/^al2023@(latest|v[0-9]{8})$/, "must be al2023@latest or al2023@v<YYYYMMDD>")
            .default("al2023@latest"),
        nodePools: z.record(dnsLabel, nodePoolSchema).default({}),
    })
    .superRefine((k, ctx) => {
        if (!k.enabled) {
            return;
        }
        for (const key of ["version", "controllerNodeGroup"] as const) {
            if (k[key] === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: [key],
                    message: "must be set when karpenter is enabled",
                    input: k[key],
                });
            }
        }
        if (Object.keys(k.nodePools).length === 0) {
            ctx.addIssue({
                code: "custom",
                path: ["nodePools"],
                message: "must declare at least one NodePool when karpenter is enabled",
                input: k.nodePools,
            });
        }
    });

/** The validated `karpenter` config. */
export type KarpenterConfig = z.infer<typeof karpenterSchema>;
/** One validated NodePool. */
export type NodePoolConfig = z.infer<typeof nodePoolSchema>;

/** A managed node group, as far as the controller's placement reads it. */
export interface HostGroup {
    readonly taints: readonly { readonly key: string }[];
}

/**
 * The only taint the controller tolerates: the chart's `tolerations` is `CriticalAddonsOnly` with
 * operator `Exists` (charts/karpenter/values.yaml, chart 1.14.1). Tainting the controller's group
 * with it keeps every other pod off the group, so only Karpenter's NodePools take pending pods.
 */
export const CRITICAL_ADDONS_TAINT_KEY = "CriticalAddonsOnly";

/**
 * Cross-key rule: the controller's node group exists and carries no taint but
 * {@link CRITICAL_ADDONS_TAINT_KEY}, so the controller always has a node that Karpenter did not
 * launch (the chart's required node affinity keeps it off nodes with `karpenter.sh/nodepool`).
 */
export function checkControllerNodeGroup(
    k: KarpenterConfig,
    nodeGroups: Readonly<Record<string, HostGroup>>,
    ctx: z.RefinementCtx,
): void {
    if (!k.enabled || k.controllerNodeGroup === undefined) {
        return;
    }
    const names = Object.keys(nodeGroups);
    const group = Object.prototype.hasOwnProperty.call(nodeGroups, k.controllerNodeGroup)
        ? nodeGroups[k.controllerNodeGroup]
        : undefined;
    if (group === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["karpenter", "controllerNodeGroup"],
            message: `must name a managed node group of cluster.nodeGroups (${names.join(", ")})`,
            input: k.controllerNodeGroup,
        });
    } else if (group.taints.some((t) => t.key !== CRITICAL_ADDONS_TAINT_KEY)) {
        ctx.addIssue({
            code: "custom",
            path: ["karpenter", "controllerNodeGroup"],
            message: `must name a node group without taints other than ${CRITICAL_ADDONS_TAINT_KEY} (the controller tolerates only ${CRITICAL_ADDONS_TAINT_KEY})`,
            input: k.controllerNodeGroup,
        });
    }
}
