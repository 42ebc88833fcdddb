/**
 * Node provisioning beside the managed node groups: the EKS Pod Identity agent (on every node, so
 * Karpenter's controller and any other Pod Identity workload get credentials; docs/identity.md) and,
 * when enabled, {@link Karpenter} (docs/nodes.md).
 *
 * A plain function, not a component: the agent keeps the cluster as its parent and Karpenter the stack
 * root, so their URNs are the ones they had when the entrypoint created them.
 */
import type * as aws from "@pulumi/aws";

import type { Cluster, ClusterNodeGroup } from "../cluster/cluster";
import type { NodeGroupScheduling } from "../cluster/spec";
import { createPodIdentityAgent } from "../identity/agent";
import { ownValueOrThrow } from "../../lib/records";
import { Karpenter } from "./karpenter";
import { nodePoolScheduling, NodePoolSpec } from "./node-pools";

/** The stack's Karpenter settings (config key `karpenter`, validated). */
export interface NodeProvisioningSettings {
    /** Install Karpenter. */
    readonly enabled: boolean;
    /** Chart and controller version; required when enabled (the schema enforces it). */
    readonly version?: string;
    /** The managed node group the controller runs on; required when enabled. */
    readonly controllerNodeGroup?: string;
    /** AMI alias of every EC2NodeClass. @default "al2023@latest" */
    readonly amiAlias?: string;
    /** NodePools by name. */
    readonly nodePools: Readonly<Record<string, NodePoolSpec>>;
}

/** A place pods are scheduled to: a managed node group (with its EKS name) or a NodePool. */
export type SchedulingTarget = NodeGroupScheduling &
    Partial<Pick<ClusterNodeGroup, "nodeGroupName">>;

/** What {@link nodeProvisioning} created. */
export interface NodeProvisioning {
    readonly podIdentityAgent: aws.eks.Addon;
    readonly karpenter?: Karpenter;
    /**
     * Where workloads and add-ons are placed, by name: the managed node groups and, when Karpenter
     * is enabled, its NodePools ({@link nodePoolScheduling}); a NodePool replaces a managed group
     * of the same name (the group is on its way out, docs/nodes.md).
     */
    readonly scheduling: Readonly<Record<string, SchedulingTarget>>;
}

/** The managed node groups and the enabled NodePools as one scheduling record (pools win). */
export function schedulingTargets(
    nodeGroups: Readonly<Record<string, SchedulingTarget>>,
    settings: Pick<NodeProvisioningSettings, "enabled" | "nodePools">,
): Readonly<Record<string, SchedulingTarget>> {
    const pools = settings.enabled
        ? Object.entries(settings.nodePools).map(([pool, spec]) => [
              pool,
              nodePoolScheduling(pool, spec),
          ])
        : [];
    return { ...nodeGroups, ...Object.fromEntries(pools) };
}

/** Creates the Pod Identity agent and, when enabled, Karpenter for `cluster`. */
export function nodeProvisioning(
    cluster: Cluster,
    clusterName: string,
    settings: NodeProvisioningSettings,
    tags: Readonly<Record<string, string>>,
): NodeProvisioning {
    const scheduling = schedulingTargets(cluster.nodeGroups, settings);
    const podIdentityAgent = createPodIdentityAgent(
        "platform-pod-identity-agent",
        { clusterName: cluster.clusterName, tags },
        { parent: cluster, dependsOn: cluster.nodesReady },
    );
    if (!settings.enabled) {
        return { podIdentityAgent, scheduling };
    }
    const karpenter = new Karpenter("nodes", {
        clusterName,
        provider: cluster.provider,
        version: settings.version!,
        controllerNodeSelector: ownValueOrThrow(
            cluster.nodeGroups,
            settings.controllerNodeGroup!,
            "cluster.nodeGroups",
        ).labels,
        amiAlias: settings.amiAlias,
        nodePools: settings.nodePools,
        waitFor: [...cluster.nodesReady, podIdentityAgent],
        tags,
    });
    return { podIdentityAgent, karpenter, scheduling };
}
