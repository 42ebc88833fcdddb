/**
 * Node provisioning beside the managed node groups: the EKS Pod Identity agent (on every node, so
 * Karpenter's controller and any other Pod Identity workload get credentials; docs/identity.md) and,
 * when enabled, {@link Karpenter} (docs/nodes.md).
 *
 * A plain function, not a component: the agent keeps the cluster as its parent and Karpenter the stack
 * root, so their URNs are the ones they had when the entrypoint created them.
 */
import type * as aws from "@pulumi/aws";

import type { Cluster } from "../cluster/cluster";
import { createPodIdentityAgent } from "../identity/agent";
import { ownValueOrThrow } from "../../lib/records";
import { Karpenter } from "./karpenter";
import type { NodePoolSpec } from "./node-pools";

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

/** What {@link nodeProvisioning} created. */
export interface NodeProvisioning {
    readonly podIdentityAgent: aws.eks.Addon;
    readonly karpenter?: Karpenter;
}

/** Creates the Pod Identity agent and, when enabled, Karpenter for `cluster`. */
export function nodeProvisioning(
    cluster: Cluster,
    clusterName: string,
    settings: NodeProvisioningSettings,
    tags: Readonly<Record<string, string>>,
): NodeProvisioning {
    const podIdentityAgent = createPodIdentityAgent(
        "platform-pod-identity-agent",
        { clusterName: cluster.clusterName, tags },
        { parent: cluster, dependsOn: cluster.nodesReady },
    );
    if (!settings.enabled) {
        return { podIdentityAgent };
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
    return { podIdentityAgent, karpenter };
}
