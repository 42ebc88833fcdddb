/**
 * Karpenter v1 as the node provisioner: the controller's IAM through EKS Pod Identity, the node role
 * with its EKS access entry, the interruption queue with its EventBridge rules, the controller's chart,
 * and one EC2NodeClass and NodePool per pool.
 *
 * The chart is aws/karpenter-provider-aws `charts/karpenter` (pinned per stack; 1.14.1 read at commit
 * 1d92708): the controller runs 2 replicas with a PodDisruptionBudget, its affinity keeps it off nodes
 * that carry `karpenter.sh/nodepool` (it never runs on nodes it provisions), and it reads
 * `settings.clusterName` and `settings.interruptionQueue`. It is placed on a managed node group of its
 * own through `nodeSelector`. The chart ships its CRDs in `crds/`, which `helm.v4.Chart` installs; no
 * hooks are involved.
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { ChartWorkload } from "../addons/core/chart";
import { eksClusterArn } from "../../lib/aws/pod-identity";
import { createPodIdentityRole } from "../identity";
import { controllerPolicy, KARPENTER_NODE_POLICIES, nodePolicyArn } from "./iam";
import {
    eventPattern,
    INTERRUPTION_RULES,
    QUEUE_RETENTION_SECONDS,
    queuePolicy,
} from "./interruption";
import { buildEc2NodeClass, buildNodePool, NodePoolSpec } from "./node-pools";

/** Namespace of the controller (upstream's recommendation: kube-system, for API priority). */
export const KARPENTER_NAMESPACE = "kube-system";
/** Service account of the controller (set explicitly in the chart's values). */
export const KARPENTER_SERVICE_ACCOUNT = "karpenter";
/** Where the chart is published. */
export const KARPENTER_CHART = "oci://public.ecr.aws/karpenter/karpenter";

/** Arguments for {@link Karpenter}. */
export interface KarpenterArgs {
    /** Name of the EKS cluster. */
    readonly clusterName: string;
    /** Kubernetes provider of the cluster. */
    readonly provider: k8s.Provider;
    /** Chart and controller version, e.g. `1.14.1`. */
    readonly version: string;
    /** Node labels of the managed node group the controller runs on. */
    readonly controllerNodeSelector: Readonly<Record<string, string>>;
    /**
     * AMI alias of every EC2NodeClass.
     *
     * @default "al2023@latest"
     */
    readonly amiAlias?: string;
    /** NodePools by name; each gets an EC2NodeClass of the same name. */
    readonly nodePools: Readonly<Record<string, NodePoolSpec>>;
    /**
     * Resources the controller waits for: the managed node groups, and the Pod Identity agent.
     *
     * @default []
     */
    readonly waitFor?: pulumi.Resource[];
    /** Tags for every AWS resource and every instance Karpenter launches. @default {} */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Karpenter, its AWS side and its NodePools. */
export class Karpenter extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:nodes:Karpenter";

    /** The node role of every node Karpenter launches. */
    public readonly nodeRole: aws.iam.Role;
    /** The interruption queue. */
    public readonly queue: aws.sqs.Queue;
    /** The controller's chart. */
    public readonly chart: k8s.helm.v4.Chart;
    /** NodePools by name. */
    public readonly nodePools: ReadonlyMap<string, k8s.apiextensions.CustomResource>;

    constructor(name: string, args: KarpenterArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Karpenter.__pulumiType, name, {}, opts);
        const tags = { ...args.tags };
        const amiAlias = args.amiAlias ?? "al2023@latest";
        const child = { parent: this };
        const partition = aws.getPartitionOutput({}, child).partition;
        const region = aws.getRegionOutput({}, child).region;
        const accountId = aws.getCallerIdentityOutput({}, child).accountId;

        this.nodeRole = new aws.iam.Role(
            `${name}-node-role`,
            {
                description: `Role of the nodes Karpenter launches in EKS cluster ${args.clusterName}`,
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
            child,
        );
        const nodePolicies = Object.entries(KARPENTER_NODE_POLICIES).map(
            ([key, policy]) =>
                new aws.iam.RolePolicyAttachment(
                    `${name}-node-role-${key}`,
                    {
                        role: this.nodeRole.name,
                        policyArn: partition.apply((p) => nodePolicyArn(p, policy)),
                    },
                    child,
                ),
        );
        // Nodes join the cluster through an access entry of type EC2_LINUX (authentication mode API;
        // https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html).
        const access = new aws.eks.AccessEntry(
            `${name}-node-access`,
            {
                clusterName: args.clusterName,
                principalArn: this.nodeRole.arn,
                type: "EC2_LINUX",
                tags,
            },
            child,
        );

        this.queue = new aws.sqs.Queue(
            `${name}-interruption`,
            {
                name: `${args.clusterName}-karpenter`,
                messageRetentionSeconds: QUEUE_RETENTION_SECONDS,
                sqsManagedSseEnabled: true,
                tags,
            },
            child,
        );
        const queuePolicyResource = new aws.sqs.QueuePolicy(
            `${name}-interruption`,
            { queueUrl: this.queue.url, policy: this.queue.arn.apply(queuePolicy) },
            child,
        );
        const targets = INTERRUPTION_RULES.map((rule) => {
            const eventRule = new aws.cloudwatch.EventRule(
                `${name}-${rule.key}`,
                {
                    description: `${rule.description}, for Karpenter in ${args.clusterName}`,
                    eventPattern: eventPattern(rule),
                    tags,
                },
                child,
            );
            return new aws.cloudwatch.EventTarget(
                `${name}-${rule.key}`,
                {
                    rule: eventRule.name,
                    targetId: "KarpenterInterruptionQueueTarget",
                    arn: this.queue.arn,
                },
                { ...child, dependsOn: [queuePolicyResource] },
            );
        });

        const controller = createPodIdentityRole(
            `${name}-controller`,
            {
                clusterName: args.clusterName,
                clusterArn: pulumi
                    .all([partition, region, accountId])
                    .apply(([p, r, account]) => eksClusterArn(p, r, account, args.clusterName)),
                namespace: KARPENTER_NAMESPACE,
                serviceAccount: KARPENTER_SERVICE_ACCOUNT,
                description: "Karpenter controller",
                inlinePolicies: {
                    policy: pulumi
                        .all([partition, region, accountId, this.nodeRole.arn, this.queue.arn])
                        .apply(([p, r, account, nodeRoleArn, queueArn]) =>
                            controllerPolicy({
                                partition: p,
                                region: r,
                                accountId: account,
                                clusterName: args.clusterName,
                                nodeRoleArn,
                                queueArn,
                            }),
                        ),
                },
                tags,
            },
            child,
        );

        const k8sChild = { parent: this, provider: args.provider };
        this.chart = new k8s.helm.v4.Chart(
            name,
            {
                chart: KARPENTER_CHART,
                version: args.version,
                name: "karpenter",
                namespace: KARPENTER_NAMESPACE,
                values: karpenterValues(args, this.queue.name),
            },
            {
                ...k8sChild,
                dependsOn: [
                    ...(args.waitFor ?? []),
                    ...controller.ready,
                    access,
                    ...nodePolicies,
                    ...targets,
                ],
            },
        );

        const pools = new Map<string, k8s.apiextensions.CustomResource>();
        for (const [pool, spec] of Object.entries(args.nodePools)) {
            const nodeClass = new k8s.apiextensions.CustomResource(
                `${name}-${pool}-class`,
                buildEc2NodeClass(pool, spec, {
                    clusterName: args.clusterName,
                    nodeRoleName: this.nodeRole.name,
                    amiAlias,
                    tags,
                }) as unknown as k8s.apiextensions.CustomResourceArgs,
                { ...k8sChild, dependsOn: [this.chart] },
            );
            pools.set(
                pool,
                new k8s.apiextensions.CustomResource(
                    `${name}-${pool}`,
                    buildNodePool(pool, spec) as unknown as k8s.apiextensions.CustomResourceArgs,
                    { ...k8sChild, dependsOn: [this.chart, nodeClass] },
                ),
            );
        }
        this.nodePools = pools;

        this.registerOutputs({ nodeRoleArn: this.nodeRole.arn, queueName: this.queue.name });
    }
}

/** The chart's values (charts/karpenter/values.yaml, chart 1.14.1). */
export function karpenterValues(
    args: Pick<KarpenterArgs, "clusterName" | "controllerNodeSelector">,
    queueName: pulumi.Input<string>,
): pulumi.Inputs {
    return {
        fullnameOverride: "karpenter",
        serviceAccount: { create: true, name: KARPENTER_SERVICE_ACCOUNT },
        nodeSelector: { "kubernetes.io/os": "linux", ...args.controllerNodeSelector },
        controller: {
            resources: {
                requests: { cpu: "500m", memory: "1Gi" },
                limits: { cpu: "1", memory: "1Gi" },
            },
        },
        settings: { clusterName: args.clusterName, interruptionQueue: queueName },
    };
}

/** The chart's release name (and `fullnameOverride`). */
const RELEASE = "karpenter";
/** Replicas the chart runs (values.yaml `replicas`, chart 1.14.1). */
export const KARPENTER_REPLICAS = 2;

/**
 * The controller Deployment the chart renders with {@link karpenterValues} (templates/deployment.yaml
 * and values.yaml, chart 1.14.1), for the capacity model and the placement test (mocks never render
 * a chart): {@link KARPENTER_REPLICAS} replicas with a PDB of `maxUnavailable: 1`, the values'
 * nodeSelector, the chart's default affinity (required: nodes without `karpenter.sh/nodepool`, so
 * never a node Karpenter launched; required pod anti-affinity per hostname) and its only toleration,
 * `CriticalAddonsOnly` with operator `Exists`.
 */
export function karpenterControllerWorkload(
    args: Pick<KarpenterArgs, "clusterName" | "controllerNodeSelector">,
): ChartWorkload {
    const values = karpenterValues(args, "");
    const labels = { "app.kubernetes.io/name": "karpenter", "app.kubernetes.io/instance": RELEASE };
    return {
        kind: "Deployment",
        name: RELEASE,
        namespace: KARPENTER_NAMESPACE,
        labels,
        replicas: KARPENTER_REPLICAS,
        pdb: { maxUnavailable: 1 },
        podSpec: {
            nodeSelector: values.nodeSelector,
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [
                            {
                                matchExpressions: [
                                    { key: "karpenter.sh/nodepool", operator: "DoesNotExist" },
                                ],
                            },
                        ],
                    },
                },
                podAntiAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [
                        {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: { matchLabels: labels },
                        },
                    ],
                },
            },
            tolerations: [{ key: "CriticalAddonsOnly", operator: "Exists" }],
            containers: [
                {
                    name: "controller",
                    resources: (values.controller as { resources: unknown }).resources,
                },
            ],
        },
    };
}
