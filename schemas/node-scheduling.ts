/**
 * Where the config places pods: the managed node groups and, when Karpenter is enabled, its NodePools,
 * as one record of groups for the checks that place workloads (ML node groups, the GPU device plugin,
 * capacity). A NodePool replaces a managed group of the same name, as at runtime
 * (components/karpenter/node-provisioning.ts `schedulingTargets`).
 *
 * And the cross-key rules between Cluster Autoscaler and Karpenter: Karpenter's documentation says
 * not to let both provision the same capacity ("Migrating from Cluster Autoscaler",
 * https://karpenter.sh/v1.14/getting-started/migrating-from-cas/: Cluster Autoscaler is scaled to
 * zero once Karpenter runs, and the node groups are brought down to the nodes Karpenter and the
 * critical add-ons need), because both react to the same pending pods.
 */
import { z } from "zod";

import { parsePoolLimits, poolMaxNodes } from "../lib/karpenter/pool-max-nodes";
import type { KarpenterConfig } from "./node-pools";

/** A managed node group, as these checks read it. */
interface ManagedGroup {
    readonly instanceTypes: readonly string[];
    readonly minSize: number;
    readonly maxSize: number;
    readonly desiredSize: number;
    readonly gpu: boolean;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { key: string; value: string; effect: string }[];
}

/** A group the placement checks read: a managed group, or a NodePool (no desired size). */
export interface SchedulingGroup {
    readonly instanceTypes: readonly string[];
    readonly maxSize: number;
    readonly desiredSize?: number;
    readonly gpu: boolean;
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly { key: string; value: string; effect: string }[];
}

/** The managed groups and the enabled NodePools by name (a NodePool wins over a group's name). */
export function schedulingGroups(
    nodeGroups: Readonly<Record<string, ManagedGroup>>,
    karpenter: KarpenterConfig,
): Record<string, SchedulingGroup> {
    const pools = karpenter.enabled
        ? Object.entries(karpenter.nodePools).map(([name, p]): [string, SchedulingGroup] => [
              name,
              {
                  instanceTypes: p.instanceTypes,
                  maxSize: poolMaxNodes(p.instanceTypes, parsePoolLimits(p.limits)),
                  gpu: p.gpu,
                  labels: p.labels,
                  taints: p.taints,
              },
          ])
        : [];
    return { ...nodeGroups, ...Object.fromEntries(pools) };
}

/**
 * A finding's path as the user wrote it: `cluster.nodeGroups.<pool>...` of a NodePool becomes
 * `karpenter.nodePools.<pool>...`, with `maxSize` (the pool's maximum) as `limits`.
 */
export function poolPath(
    path: readonly (string | number)[],
    karpenter: KarpenterConfig,
): (string | number)[] {
    const [root, key, name, field, ...rest] = path;
    if (
        root !== "cluster" ||
        key !== "nodeGroups" ||
        typeof name !== "string" ||
        !karpenter.enabled ||
        !Object.prototype.hasOwnProperty.call(karpenter.nodePools, name)
    ) {
        return [...path];
    }
    const mapped = field === undefined ? [] : [field === "maxSize" ? "limits" : field, ...rest];
    return ["karpenter", "nodePools", name, ...mapped];
}

/** The managed groups Cluster Autoscaler may scale: all but Karpenter's controller group, min < max. */
export function autoscaledGroups(
    nodeGroups: Readonly<Record<string, ManagedGroup>>,
    karpenter: KarpenterConfig,
): string[] {
    return Object.entries(nodeGroups)
        .filter(([, g]) => g.minSize < g.maxSize)
        .filter(([name]) => !karpenter.enabled || name !== karpenter.controllerNodeGroup)
        .map(([name]) => name);
}

/**
 * Cross-key rules of Cluster Autoscaler next to Karpenter (see the file comment): while
 * `addons.clusterAutoscaler.enabled`, some managed group must be left for it to scale, and no group
 * it scales may provision a NodePool's pods (the pool's name, or every label of the pool's node
 * template).
 */
export function checkAutoscalerAndKarpenter(
    nodeGroups: Readonly<Record<string, ManagedGroup>>,
    karpenter: KarpenterConfig,
    autoscalerEnabled: boolean,
    ctx: z.RefinementCtx,
): void {
    if (!autoscalerEnabled) {
        return;
    }
    const scaled = autoscaledGroups(nodeGroups, karpenter);
    if (scaled.length === 0) {
        ctx.addIssue({
            code: "custom",
            path: ["addons", "clusterAutoscaler", "enabled"],
            message: `must be false while no managed node group can scale (a group other than Karpenter's controllerNodeGroup with minSize < maxSize): Cluster Autoscaler would have nothing to scale`,
            input: true,
        });
        return;
    }
    if (!karpenter.enabled) {
        return;
    }
    for (const name of scaled) {
        const group = nodeGroups[name];
        for (const [pool, p] of Object.entries(karpenter.nodePools)) {
            const labels = Object.entries(p.labels);
            const sameLabels =
                labels.length > 0 &&
                labels.every(([k, v]) =>
                    Object.prototype.hasOwnProperty.call(group.labels, k)
                        ? group.labels[k] === v
                        : false,
                );
            if (pool === name || sameLabels) {
                ctx.addIssue({
                    code: "custom",
                    path: ["cluster", "nodeGroups", name],
                    message: `must not be scaled by Cluster Autoscaler while Karpenter's NodePool karpenter.nodePools.${pool} provisions the same pods (${pool === name ? "same name" : "same node labels"}): both would launch nodes for them; set its minSize to maxSize, remove the group, or set addons.clusterAutoscaler.enabled to false (docs/nodes.md)`,
                    input: name,
                });
            }
        }
    }
}
