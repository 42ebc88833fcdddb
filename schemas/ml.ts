/**
 * Schema of the `mlWorkloads` config key: model serving on the ML node pool.
 */
import { z } from "zod";

import { parseQuantity } from "../lib/kubernetes";
import { KNOWN_VPA_UPDATE_MODES } from "../components/addons/vpa/vpa-modes";
import { FRAMEWORKS } from "../components/ml-workload/frameworks";
import { labelValue } from "./common";
import { workloadName } from "./names";
import { cpuQuantity, memoryQuantity } from "./quantities";
import { imageRef, resourcesSchema } from "./services";
import { ownValue } from "../lib/records";

export const mlWorkloadSchema = z
    .strictObject({
        image: imageRef,
        model: z.strictObject({
            name: z
                .string()
                .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase model name"),
            version: labelValue,
            framework: z.enum(FRAMEWORKS),
            replicas: z.int().min(1).max(10),
        }),
        nodeGroup: z.string().default("ml"),
        resources: resourcesSchema,
        gpu: z.int().min(0).max(8).default(0),
        vpa: z
            .strictObject({
                // Every mode some pinned VPA chart accepts; config.ts checks the pinned one's CRD.
                updateMode: z.enum(KNOWN_VPA_UPDATE_MODES).default("Auto"),
                minAllowed: z
                    .strictObject({ cpu: cpuQuantity("bound"), memory: memoryQuantity("bound") })
                    .default({ cpu: "500m", memory: "1Gi" }),
                maxAllowed: z
                    .strictObject({ cpu: cpuQuantity("bound"), memory: memoryQuantity("bound") })
                    .default({ cpu: "4", memory: "8Gi" }),
            })
            .default({
                updateMode: "Auto",
                minAllowed: { cpu: "500m", memory: "1Gi" },
                maxAllowed: { cpu: "4", memory: "8Gi" },
            }),
        autoscaling: z
            .strictObject({
                minReplicas: z.int().min(1).max(10),
                maxReplicas: z.int().min(1).max(10),
                requestsPerSecond: z.number().positive().optional(),
                cpuUtilization: z.int().min(1).max(100).optional(),
                memoryUtilization: z.int().min(1).max(100).optional(),
            })
            .optional(),
        callers: z.array(z.string()).default([]),
    })
    .superRefine((w, ctx) => {
        for (const k of ["cpu", "memory"] as const) {
            if (parseQuantity(w.vpa.minAllowed[k])! > parseQuantity(w.vpa.maxAllowed[k])!) {
                ctx.addIssue({
                    code: "custom",
                    path: ["vpa", "minAllowed", k],
                    message: `must be <= vpa.maxAllowed.${k} (${w.vpa.maxAllowed[k]})`,
                    input: w.vpa.minAllowed[k],
                });
            }
        }
        const a = w.autoscaling;
        if (a) {
            if (a.maxReplicas < a.minReplicas) {
                ctx.addIssue({
                    code: "custom",
                    path: ["autoscaling", "maxReplicas"],
                    message: `must be >= minReplicas (${a.minReplicas})`,
                    input: a.maxReplicas,
                });
            }
            const resourceHpa = a.cpuUtilization !== undefined || a.memoryUtilization !== undefined;
            if (resourceHpa && !["Off", "Initial"].includes(w.vpa.updateMode)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["autoscaling"],
                    message: `must not scale on cpu or memory while vpa.updateMode is ${w.vpa.updateMode} (the HPA and the VPA would fight); scale on requestsPerSecond or set vpa.updateMode Off/Initial`,
                    input: a,
                });
            }
            if (!resourceHpa && a.requestsPerSecond === undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["autoscaling", "requestsPerSecond"],
                    message:
                        "must be set (or cpuUtilization/memoryUtilization with vpa.updateMode Off or Initial)",
                    input: undefined,
                });
            }
        }
    });

export const mlWorkloadsSchema = z.record(workloadName, mlWorkloadSchema).default({});

/** Cross-key checks: the node group exists, and a GPU request has a GPU-capable group. */
export function checkMlWorkloads(
    workloads: z.output<typeof mlWorkloadsSchema>,
    nodeGroups: Record<string, { gpu: boolean }>,
    ctx: z.RefinementCtx,
): void {
    for (const [name, w] of Object.entries(workloads)) {
        const group = ownValue(nodeGroups, w.nodeGroup);
        if (!group) {
            ctx.addIssue({
                code: "custom",
                path: ["mlWorkloads", name, "nodeGroup"],
                message: `must name a managed node group of cluster.nodeGroups or a NodePool of karpenter.nodePools (${Object.keys(nodeGroups).join(", ")})`,
                input: w.nodeGroup,
            });
        } else if (w.gpu > 0 && !group.gpu) {
            const gpuGroups = Object.entries(nodeGroups)
                .filter(([, g]) => g.gpu)
                .map(([n]) => n);
            ctx.addIssue({
                code: "custom",
                path: ["mlWorkloads", name, "gpu"],
                message: `requests GPUs but node group ${w.nodeGroup} has none (gpu: false); ${gpuGroups.length ? `use nodeGroup ${gpuGroups.join(" or ")}` : "add a GPU node group (gpu: true) or set gpu: 0"}`,
                input: w.gpu,
            });
        }
    }
}
