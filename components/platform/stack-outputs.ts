/**
 * What the platform stack exports for application programs: one typed contract, built here from the
 * {@link Cluster} and the {@link Platform} (so the platform program and the type cannot drift), and
 * read back by {@link platformFromStack} in another project's program through a `StackReference`.
 *
 * Two outputs: `kubeconfig` (a secret, as it always was) and `platformFacts` (plain values, no
 * secret). They stay apart on purpose: Pulumi marks an output secret as a whole when any part of it
 * is, and a secret output cannot be read with `StackReference.getOutputValue` (pulumi/pulumi
 * sdk/nodejs/stackReference.ts, v3.270.0), which the facts need: whether the platform has monitoring
 * or a gateway decides which resources a program creates, so they must be plain values, not Outputs.
 *
 * Readiness lists (`ClusterAddons.ready`) are not exported: they order resources inside the platform
 * stack, and the add-ons of a stack that was `up` are already installed when another stack reads it.
 */
import * as pulumi from "@pulumi/pulumi";

import type { NodeGroupScheduling } from "../cluster/spec";
import type { WorkloadIdentity } from "../internal/labels";
import type { Platform } from "./platform";

/** The platform's facts an application program needs, all plain values (no secret among them). */
export interface PlatformFacts {
    /** Name of the EKS cluster. */
    readonly clusterName: string;
    /** ARN of the EKS cluster, which EKS Pod Identity roles' trust names (session tag `eks-cluster-arn`). */
    readonly clusterArn: string;
    /** AWS region of the platform stack. */
    readonly region: string;
    /** The cluster's OIDC provider, which IRSA roles trust. */
    readonly oidcProvider: { readonly arn: string; readonly url: string };
    /** Each node group's scheduling facts (labels, taints, GPU, sizes), by node group name. */
    readonly nodeGroups: Readonly<Record<string, NodeGroupScheduling>>;
    /** Where data stores go: the cluster's VPC, private subnets and the security group of its pods. */
    readonly network: {
        readonly vpcId: string;
        readonly privateSubnetIds: string[];
        readonly clusterSecurityGroupId: string;
    };
    /** The mesh: Istio's control plane namespace and the SPIFFE trust domain of its identities. */
    readonly mesh: { readonly namespace: string; readonly trustDomain: string };
    /** The monitoring stack, when installed (labels Prometheus and Grafana select by, its URL). */
    readonly monitoring?: {
        readonly namespace: string;
        readonly selectorLabels: Readonly<Record<string, string>>;
        readonly dashboardLabel: Readonly<Record<string, string>>;
        readonly prometheusUrl: string;
    };
    /** The ingress gateway, when installed (what exposed services admit and routes select). */
    readonly gateway?: {
        readonly namespace: string;
        readonly identity: WorkloadIdentity;
        readonly selector: Readonly<Record<string, string>>;
        readonly httpPort: number;
        readonly hostname: string;
    };
    /** Secrets Manager coordinates, when External Secrets is installed. */
    readonly secretsManager?: {
        readonly region: string;
        readonly arnPrefix: string;
        /** Name prefix of the platform's secrets (and of data stores' secrets). */
        readonly pathPrefix: string;
    };
}

/** The platform stack's outputs for application programs, as a `StackReference` returns them. */
export interface PlatformStackOutputs {
    /** The cluster's kubeconfig (JSON). A secret output. */
    readonly kubeconfig: string;
    /** Everything else an application program needs. */
    readonly platformFacts: PlatformFacts;
}

/** The names of the outputs of {@link PlatformStackOutputs}, as `StackReference` reads them. */
export const PLATFORM_STACK_OUTPUTS: { readonly [K in keyof PlatformStackOutputs]: K } = {
    kubeconfig: "kubeconfig",
    platformFacts: "platformFacts",
};

/** The parts of a {@link Cluster} the stack outputs read. */
export interface StackOutputsCluster {
    readonly clusterName: pulumi.Input<string>;
    readonly kubeconfig: pulumi.Input<string>;
    readonly oidc: { readonly arn: pulumi.Input<string>; readonly url: pulumi.Input<string> };
    readonly nodeGroups: Readonly<Record<string, NodeGroupScheduling>>;
    readonly network: {
        readonly vpcId: pulumi.Input<string>;
        readonly privateSubnetIds: pulumi.Input<string[]>;
    };
    readonly clusterSecurityGroupId: pulumi.Input<string>;
}

/** The scheduling facts of a node group, without the extra fields a cluster's node group carries. */
function scheduling(group: NodeGroupScheduling): NodeGroupScheduling {
    const { labels, taints, gpu, instanceTypes, maxSize, capacityType } = group;
    return { labels, taints, gpu, instanceTypes, maxSize, capacityType };
}

/**
 * The platform stack's outputs for application programs, one Output per {@link PlatformStackOutputs}
 * key; `index.ts` exports each under its key. `kubeconfig` is a secret.
 *
 * @param nodeGroups where workloads can be placed, by name: the managed groups and the Karpenter
 *   NodePools (`nodeProvisioning`'s `scheduling`), as the platform's own workloads see them.
 *   @default the cluster's managed node groups
 */
export function platformStackOutputs(
    cluster: StackOutputsCluster,
    platform: Platform,
    nodeGroups: Readonly<Record<string, NodeGroupScheduling>> = cluster.nodeGroups,
): { readonly [K in keyof PlatformStackOutputs]: pulumi.Output<PlatformStackOutputs[K]> } {
    const { monitoring, gateway, secretsManager } = platform;
    const strings = pulumi.all([
        cluster.clusterName,
        platform.podIdentity.clusterArn,
        cluster.oidc.arn,
        cluster.oidc.url,
        cluster.network.vpcId,
        cluster.clusterSecurityGroupId,
        gateway?.hostname ?? "",
        secretsManager?.region ?? "",
        secretsManager?.arnPrefix ?? "",
    ]);
    const facts = pulumi
        .all([strings, cluster.network.privateSubnetIds])
        .apply(
            ([
                [
                    clusterName,
                    clusterArn,
                    oidcArn,
                    oidcUrl,
                    vpcId,
                    clusterSecurityGroupId,
                    hostname,
                    smRegion,
                    smArn,
                ],
                privateSubnetIds,
            ]): PlatformFacts => ({
                clusterName,
                clusterArn,
                region: platform.region,
                oidcProvider: { arn: oidcArn, url: oidcUrl },
                nodeGroups: Object.fromEntries(
                    Object.entries(nodeGroups).map(([name, g]) => [name, scheduling(g)]),
                ),
                network: {
                    vpcId,
                    privateSubnetIds,
                    clusterSecurityGroupId,
                },
                mesh: {
                    namespace: platform.mesh.namespace,
                    trustDomain: platform.mesh.trustDomain,
                },
                ...(monitoring && {
                    monitoring: {
                        namespace: monitoring.namespace,
                        selectorLabels: monitoring.selectorLabels,
                        dashboardLabel: monitoring.dashboardLabel,
                        prometheusUrl: monitoring.prometheusUrl,
                    },
                }),
                ...(gateway && {
                    gateway: {
                        namespace: gateway.namespace,
                        identity: gateway.identity,
                        selector: gateway.selector,
                        httpPort: gateway.httpPort,
                        hostname,
                    },
                }),
                ...(secretsManager && {
                    secretsManager: {
                        region: smRegion,
                        arnPrefix: smArn,
                        pathPrefix: secretsManager.pathPrefix,
                    },
                }),
            }),
        );
    return {
        kubeconfig: pulumi.secret(cluster.kubeconfig),
        platformFacts: facts,
    };
}
