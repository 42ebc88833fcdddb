import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { createServiceAccountRole, OidcProvider, PolicyStatement } from "./irsa";
import { createNetwork, Network, NetworkArgs } from "./network";
import {
    ACCELERATOR_LABEL,
    amiTypeFor,
    buildAdminAccessEntries,
    clusterAutoscalerTags,
    CONTROL_PLANE_LOG_TYPES,
    controlPlaneLogGroupName,
    NODE_ROLE_POLICY_ARNS,
    NodeGroupScheduling,
    Taint,
    toEksTaints,
} from "./spec";

/** One managed node group of a {@link Cluster}. */
export interface NodeGroupArgs {
    /** EC2 instance types; the first ones are preferred for on-demand, all are used for spot. */
    readonly instanceTypes: readonly string[];
    /**
     * ON_DEMAND or SPOT capacity.
     *
     * @default "ON_DEMAND"
     */
    readonly capacityType: "ON_DEMAND" | "SPOT";
    /** Lower bound of the autoscaling range. */
    readonly minSize: number;
    /** Upper bound of the autoscaling range (>= minSize, >= 1). */
    readonly maxSize: number;
    /** Initial size; later changes by the cluster autoscaler are not reverted by `pulumi up`. */
    readonly desiredSize: number;
    /**
     * Root volume size in GiB.
     *
     * @default 50
     */
    readonly diskSizeGiB: number;
    /** Node labels; workloads select the group with these. @default {} */
    readonly labels: Readonly<Record<string, string>>;
    /** Node taints; only workloads that tolerate them run here. @default [] */
    readonly taints: readonly Taint[];
    /**
     * The group runs NVIDIA GPU instances (selects the NVIDIA AMI); its `labels` must then carry
     * {@link ACCELERATOR_LABEL} with the GPU model.
     *
     * @default false
     */
    readonly gpu: boolean;
}

/** Arguments for {@link Cluster}. Every value comes from stack config; nothing is read here. */
export interface ClusterArgs {
    /** Name of the EKS cluster (also used in AWS resource names and tags). */
    readonly name: string;
    /** Kubernetes minor version, e.g. `1.33`. Not defaulted: version upgrades are deliberate. */
    readonly kubernetesVersion: string;
    /**
     * EKS upgrade policy: `STANDARD` (EKS upgrades the control plane at the end of standard support) or
     * `EXTENDED` (the cluster stays on its version, billed at the extended-support rate). Always set
     * explicitly: left unset, EKS applies EXTENDED. A change is an in-place update.
     *
     * @default { supportType: "STANDARD" }
     */
    readonly upgradePolicy?: { readonly supportType: "STANDARD" | "EXTENDED" };
    /** VPC to create or adopt. */
    readonly vpc: NetworkArgs;
    /**
     * API endpoint access. The private endpoint is always on; the public one is off unless enabled, and
     * then limited to `publicAccessCidrs`.
     *
     * @default { publicAccess: false, publicAccessCidrs: [], privateAccessCidrs: [] }
     */
    readonly endpoint: {
        readonly publicAccess: boolean;
        readonly publicAccessCidrs: readonly string[];
        /**
         * Networks inside the VPC (or connected to it) allowed to reach the private endpoint on 443,
         * e.g. the subnets of the self-hosted deploy runner. Nodes always can.
         *
         * @default []
         */
        readonly privateAccessCidrs?: readonly string[];
    };
    /**
     * Retention of the control-plane log group, in days.
     *
     * @default 90
     */
    readonly logRetentionDays: number;
    /** IAM principals granted cluster admin through access entries (authentication mode API). @default [] */
    readonly admins: readonly { readonly name: string; readonly principalArn: string }[];
    /** Managed node groups by name. Each group's labels and taints are exposed on {@link Cluster.nodeGroups}. */
    readonly nodeGroups: Readonly<Record<string, NodeGroupArgs>>;
    /**
     * Versions of the EKS managed add-ons; unset means the EKS default for the cluster version.
     *
     * @default {}
     */
    readonly managedAddons: {
        readonly vpcCni?: string;
        readonly kubeProxy?: string;
        readonly coredns?: string;
    };
    /**
     * Protect the EKS cluster and its KMS key from deletion: Pulumi `protect` on both, and the EKS
     * cluster's own deletion protection (which also stops deletes from the console or the AWS CLI).
     *
     * @default false
     */
    readonly protect: boolean;
    /** Tags for every AWS resource. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** A node group as workloads see it: its scheduling facts plus the AWS node group name. */
export interface ClusterNodeGroup extends NodeGroupScheduling {
    /** Name of the EKS managed node group. */
    readonly nodeGroupName: pulumi.Output<string>;
}

/** Validates the arguments that decide what is created. Throws with the arg path, value and rule. */
export function validateClusterArgs(args: ClusterArgs): void {
    const fail = (path: string, rule: string, value: unknown) => {
        throw new Error(`Cluster arg \`${path}\` ${rule}, got ${JSON.stringify(value)}`);
    };
    if (Object.keys(args.nodeGroups).length === 0) {
        fail("nodeGroups", "must declare at least one node group", args.nodeGroups);
    }
    for (const [group, ng] of Object.entries(args.nodeGroups)) {
        if (ng.maxSize < Math.max(ng.minSize, 1)) {
            fail(
                `nodeGroups.${group}.maxSize`,
                `must be >= max(minSize, 1) (${Math.max(ng.minSize, 1)})`,
                ng.maxSize,
            );
        }
        if (ng.gpu && !ng.labels[ACCELERATOR_LABEL]) {
            fail(
                `nodeGroups.${group}.labels`,
                `must set ${ACCELERATOR_LABEL} to the GPU model (e.g. nvidia-a10g) on a GPU node group, so Cluster Autoscaler counts its new nodes' GPUs before the device plugin reports them`,
                ng.labels,
            );
        }
        if (ng.desiredSize < ng.minSize || ng.desiredSize > ng.maxSize) {
            fail(
                `nodeGroups.${group}.desiredSize`,
                `must be between ${ng.minSize} and ${ng.maxSize}`,
                ng.desiredSize,
            );
        }
    }
    if (args.endpoint.publicAccess && args.endpoint.publicAccessCidrs.length === 0) {
        fail(
            "endpoint.publicAccessCidrs",
            "must not be empty when publicAccess is true",
            args.endpoint.publicAccessCidrs,
        );
    }
    if (args.vpc.existingVpcId === undefined && (args.vpc.availabilityZones?.length ?? 0) < 2) {
        fail("vpc.availabilityZones", "must list at least 2 zones", args.vpc.availabilityZones);
    }
}

/**
 * An EKS cluster with secure defaults: envelope encryption of secrets with a rotating KMS key, all five
 * control-plane log types with retention, a private API endpoint, authentication mode API with access
 * entries, an OIDC provider for IRSA, managed node groups in private subnets, the vpc-cni, kube-proxy and
 * coredns managed add-ons, and a Kubernetes provider for everything deployed into it.
 *
 * @example
 * const cluster = new Cluster("platform", { ...config.cluster });
 * new k8s.core.v1.Namespace("apps", {}, { provider: cluster.provider });
 */
export class Cluster extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:cluster:Cluster";

    /** The underlying `@pulumi/eks` cluster. */
    public readonly eksCluster: eks.Cluster;
    /** Name of the EKS cluster. */
    public readonly clusterName: pulumi.Output<string>;
    /** Kubeconfig of the cluster, as a secret. */
    public readonly kubeconfig: pulumi.Output<string>;
    /** The cluster's OIDC provider (for IRSA). */
    public readonly oidc: {
        readonly arn: pulumi.Output<string>;
        readonly url: pulumi.Output<string>;
    };
    /** ARN of the KMS key that encrypts Kubernetes secrets. */
    public readonly secretsKeyArn: pulumi.Output<string>;
    /** Kubernetes provider for resources in this cluster. */
    public readonly provider: k8s.Provider;
    /** Node groups by name, with their labels and taints as plain typed values. */
    public readonly nodeGroups: Readonly<Record<string, ClusterNodeGroup>>;
    /** The cluster's VPC and private subnets, for resources that live next to it (data stores). */
    public readonly network: Network;
    /**
     * The security group EKS creates for the cluster (`vpcConfig.clusterSecurityGroupId`). Managed node
     * groups whose launch template names no security group get it on every node, and pods on the VPC
     * CNI's secondary IPs share their node's security groups, so it identifies the cluster's pods
     * (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html,
     * https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html; pulumi-eks v4.3.0
     * `nodejs/eks/nodes/nodegroup.ts` sets no security group in the node launch template).
     */
    public readonly clusterSecurityGroupId: pulumi.Output<string>;
    /** The managed node groups and the coredns add-on: once they exist, pods can run. */
    public readonly nodesReady: pulumi.Resource[];

    constructor(name: string, args: ClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Cluster.__pulumiType, name, {}, opts);
        validateClusterArgs(args);
        const tags = {
            "app.kubernetes.io/part-of": "supply-chain-platform",
            cluster: args.name,
            ...args.tags,
        };
        const child = { parent: this };

        const network = createNetwork(name, args.name, args.vpc, this);

        const secretsKey = new aws.kms.Key(
            `${name}-secrets-key`,
            {
                description: `Envelope encryption of Kubernetes secrets in EKS cluster ${args.name}`,
                enableKeyRotation: true,
                deletionWindowInDays: 30,
                tags,
            },
            { ...child, protect: args.protect },
        );
        new aws.kms.Alias(
            `${name}-secrets-key`,
            { name: `alias/${args.name}-secrets`, targetKeyId: secretsKey.keyId },
            child,
        );

        const logGroup = new aws.cloudwatch.LogGroup(
            `${name}-control-plane-logs`,
            {
                name: controlPlaneLogGroupName(args.name),
                retentionInDays: args.logRetentionDays,
                tags,
            },
            child,
        );

        this.eksCluster = new eks.Cluster(
            `${name}-eks`,
            {
                name: args.name,
                version: args.kubernetesVersion,
                // pulumi-eks 4.3.0 passes it to aws.eks.Cluster (its doc: EXTENDED when unset);
                // terraform-provider-aws updates it in place (UpdateClusterConfig).
                upgradePolicy: { supportType: args.upgradePolicy?.supportType ?? "STANDARD" },
                vpcId: network.vpcId,
                publicSubnetIds: network.publicSubnetIds,
                privateSubnetIds: network.privateSubnetIds,
                nodeAssociatePublicIpAddress: false,
                endpointPrivateAccess: true,
                endpointPublicAccess: args.endpoint.publicAccess,
                publicAccessCidrs: args.endpoint.publicAccess
                    ? [...args.endpoint.publicAccessCidrs]
                    : undefined,
                encryptionConfigKeyArn: secretsKey.arn,
                enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
                authenticationMode: eks.AuthenticationMode.Api,
                accessEntries: buildAdminAccessEntries(args.admins),
                createOidcProvider: true,
                skipDefaultNodeGroup: true,
                // NetworkPolicy objects are enforced only when the VPC CNI runs its network policy
                // agent: pulumi-eks v4.3.0 turns `enableNetworkPolicy` into the add-on configuration
                // value `enableNetworkPolicy: "true"` (nodejs/eks/addons/cni-addon.ts,
                // mergeConfigurationValues); see docs/operations.md.
                vpcCniOptions: {
                    addonVersion: args.managedAddons.vpcCni,
                    enableNetworkPolicy: true,
                },
                kubeProxyAddonOptions: { enabled: true, version: args.managedAddons.kubeProxy },
                // coredns is created below, after the node groups: on a cluster without nodes the add-on
                // stays DEGRADED and the update times out.
                corednsAddonOptions: { enabled: false },
                deletionProtection: args.protect,
                tags,
            },
            { ...child, dependsOn: [logGroup], protect: args.protect },
        );

        for (const [i, cidr] of (args.endpoint.privateAccessCidrs ?? []).entries()) {
            new aws.vpc.SecurityGroupIngressRule(
                `${name}-api-private-${i}`,
                {
                    securityGroupId: this.eksCluster.clusterSecurityGroupId,
                    description: `Kubernetes API (private endpoint) from ${cidr}`,
                    ipProtocol: "tcp",
                    fromPort: 443,
                    toPort: 443,
                    cidrIpv4: cidr,
                    tags,
                },
                child,
            );
        }

        // Nodes join only once the node role carries its policies: the node groups wait for the
        // attachments, not only for the role.
        const { role: nodeRole, attachments } = this.createNodeRole(name, tags);
        const groups = Object.entries(args.nodeGroups).map(([group, ng]) => {
            const nodeGroup = new eks.ManagedNodeGroup(
                `${name}-${group}`,
                {
                    cluster: this.eksCluster,
                    nodeGroupName: `${args.name}-${group}`,
                    nodeRoleArn: nodeRole.arn,
                    subnetIds: network.privateSubnetIds,
                    instanceTypes: [...ng.instanceTypes],
                    capacityType: ng.capacityType,
                    amiType: amiTypeFor(ng.gpu),
                    diskSize: ng.diskSizeGiB,
                    scalingConfig: {
                        minSize: ng.minSize,
                        maxSize: ng.maxSize,
                        desiredSize: ng.desiredSize,
                    },
                    ignoreScalingChanges: true,
                    labels: { ...ng.labels },
                    taints: toEksTaints(ng.taints),
                    tags: { ...tags, ...clusterAutoscalerTags(args.name) },
                },
                { ...child, dependsOn: [this.eksCluster, ...attachments] },
            );
            return [group, ng, nodeGroup] as const;
        });

        const coredns = new aws.eks.Addon(
            `${name}-coredns`,
            {
                clusterName: args.name,
                addonName: "coredns",
                addonVersion: args.managedAddons.coredns,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
                tags,
            },
            { ...child, dependsOn: [this.eksCluster, ...groups.map(([, , g]) => g)] },
        );
        this.nodesReady = [...groups.map(([, , g]) => g), coredns];

        this.clusterName = pulumi.output(this.eksCluster.urn).apply(() => args.name);
        this.kubeconfig = pulumi.secret(this.eksCluster.kubeconfigJson);
        this.oidc = { arn: this.eksCluster.oidcProviderArn, url: this.eksCluster.oidcProviderUrl };
        this.secretsKeyArn = secretsKey.arn;
        this.network = network;
        this.clusterSecurityGroupId = this.eksCluster.eksCluster.apply(
            (c) => c.vpcConfig.clusterSecurityGroupId,
        );
        // Everything deployed through this provider waits until pods can run: the node groups have
        // joined and cluster DNS is up. pulumi-eks waits for the API server's /healthz only when the
        // endpoint is public (nodejs/eks/cluster/cluster.ts, v4.3.0); with a private endpoint the
        // node groups and coredns are what make the first Kubernetes request safe.
        this.provider = new k8s.Provider(
            `${name}-k8s`,
            {
                kubeconfig: this.kubeconfig,
                enableServerSideApply: true,
            },
            { ...child, dependsOn: this.nodesReady },
        );
        this.nodeGroups = Object.fromEntries(
            groups.map(([group, ng, nodeGroup]) => [
                group,
                {
                    labels: { ...ng.labels },
                    taints: [...ng.taints],
                    gpu: ng.gpu,
                    instanceTypes: [...ng.instanceTypes],
                    maxSize: ng.maxSize,
                    capacityType: ng.capacityType,
                    nodeGroupName: nodeGroup.nodeGroup.nodeGroupName,
                },
            ]),
        );

        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidc.arn,
            secretsKeyArn: this.secretsKeyArn,
        });
    }

    /** The OIDC provider in the form {@link createServiceAccountRole} takes. */
    public get oidcProvider(): OidcProvider {
        return this.oidc;
    }

    /**
     * Creates an IAM role that exactly one Kubernetes service account of this cluster can assume (IRSA).
     *
     * @param name logical name of the role; children are `${name}` and `${name}-policy`.
     */
    public createServiceAccountRole(
        name: string,
        args: {
            namespace: string;
            serviceAccountName: string;
            statements: readonly PolicyStatement[];
        },
        opts: pulumi.CustomResourceOptions,
    ): aws.iam.Role {
        return createServiceAccountRole(name, { ...args, oidc: this.oidc }, opts);
    }

    private createNodeRole(
        name: string,
        tags: Record<string, string>,
    ): { role: aws.iam.Role; attachments: aws.iam.RolePolicyAttachment[] } {
        const role = new aws.iam.Role(
            `${name}-node-role`,
            {
                description: "Role of the EKS managed node groups",
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Allow",
                            Principal: { Service: "ec2.amazonaws.com" },
                            Action: "sts:AssumeRole",
                        },
                    ],
                }),
                tags,
            },
            { parent: this },
        );
        const attachments = Object.entries(NODE_ROLE_POLICY_ARNS).map(
            ([key, policyArn]) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-role-${key}`,
                    { role: role.name, policyArn },
                    { parent: this },
                ),
        );
        return { role, attachments };
    }
}
