/**
 * Pure builders of Karpenter v1 objects: one `EC2NodeClass` (karpenter.k8s.aws/v1) and one `NodePool`
 * (karpenter.sh/v1) per pool. Fields as the v1 API defines them (aws/karpenter-provider-aws
 * `pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml` and `karpenter.sh_nodepools.yaml`, v1.14.1).
 *
 * - Subnets and security groups are selected by tags: the private subnets carry
 *   `kubernetes.io/cluster/<name>: shared` and `kubernetes.io/role/internal-elb: 1`
 *   (components/cluster/network.ts; an adopted VPC's subnets need the same tags), and EKS tags the
 *   cluster security group it creates with `aws:eks:cluster-name`
 *   (https://docs.aws.amazon.com/eks/latest/userguide/sec-group-reqs.html), the group the managed
 *   nodes use too.
 * - The AMI is the AL2023 alias; for NVIDIA instance types Karpenter resolves the alias to the
 *   AL2023 NVIDIA variant of the same release (`pkg/providers/amifamily/al2023.go`).
 * - IMDSv2 only, hop limit 1: pods on the VPC CNI cannot reach the node's instance credentials; they
 *   get their own through EKS Pod Identity. Root volume gp3, encrypted.
 * - Karpenter drains through the eviction API, so every workload's PodDisruptionBudget holds during
 *   consolidation, drift and expiry; the budgets bound how many nodes go at once on top of that.
 */
import { parsePoolLimits, poolMaxNodes } from "../../lib/karpenter/pool-max-nodes";
import { NodeGroupScheduling, Taint } from "../cluster/spec";

/** The label Karpenter puts on each node with the name of its NodePool. */
export const NODEPOOL_LABEL = "karpenter.sh/nodepool";
/** The well-known label of the capacity type (`on-demand`, `spot`). */
export const CAPACITY_TYPE_LABEL = "karpenter.sh/capacity-type";
/** The well-known instance type label. */
export const INSTANCE_TYPE_LABEL = "node.kubernetes.io/instance-type";

/** One pool as the builders take it (the validated config). */
export interface NodePoolSpec {
    readonly capacityTypes: readonly ("on-demand" | "spot")[];
    readonly instanceTypes: readonly string[];
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: readonly Taint[];
    readonly limits: { readonly cpu: string; readonly memory: string };
    readonly diskSizeGiB: number;
    readonly gpu: boolean;
    readonly disruption: {
        readonly consolidationPolicy: "WhenEmptyOrUnderutilized" | "WhenEmpty";
        readonly consolidateAfter: string;
        readonly budgets: readonly {
            readonly nodes: string;
            readonly reasons?: readonly string[];
            readonly schedule?: string;
            readonly duration?: string;
        }[];
    };
    readonly expireAfter: string;
}

/** What the EC2NodeClass needs from the cluster. */
export interface NodeClassContext<R = string> {
    readonly clusterName: string;
    /** Name of the IAM role of Karpenter's nodes (Karpenter creates the instance profile). */
    readonly nodeRoleName: R;
    /** AMI alias, e.g. `al2023@latest`. */
    readonly amiAlias: string;
    /** Tags for every instance, volume and network interface. */
    readonly tags: Readonly<Record<string, string>>;
}

/** Recommended labels of the Karpenter objects. */
function labels(pool: string): Record<string, string> {
    return {
        "app.kubernetes.io/name": "karpenter",
        "app.kubernetes.io/instance": pool,
        "app.kubernetes.io/component": "node-pool",
        "app.kubernetes.io/part-of": "supply-chain-platform",
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

/** The EC2NodeClass of a pool (named as the pool). */
export function buildEc2NodeClass<R>(pool: string, spec: NodePoolSpec, c: NodeClassContext<R>) {
    return {
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name: pool, labels: labels(pool) },
        spec: {
            role: c.nodeRoleName,
            amiSelectorTerms: [{ alias: c.amiAlias }],
            subnetSelectorTerms: [
                {
                    tags: {
                        [`kubernetes.io/cluster/${c.clusterName}`]: "shared",
                        "kubernetes.io/role/internal-elb": "1",
                    },
                },
            ],
            securityGroupSelectorTerms: [{ tags: { "aws:eks:cluster-name": c.clusterName } }],
            metadataOptions: {
                httpEndpoint: "enabled",
                httpProtocolIPv6: "disabled",
                httpPutResponseHopLimit: 1,
                httpTokens: "required",
            },
            blockDeviceMappings: [
                {
                    deviceName: "/dev/xvda",
                    ebs: {
                        volumeSize: `${spec.diskSizeGiB}Gi`,
                        volumeType: "gp3",
                        encrypted: true,
                        deleteOnTermination: true,
                    },
                },
            ],
            tags: { ...c.tags, "karpenter.sh/discovery": c.clusterName },
        },
    };
}

/** The NodePool of a pool (named as the pool), using the EC2NodeClass of the same name. */
export function buildNodePool(pool: string, spec: NodePoolSpec) {
    return {
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name: pool, labels: labels(pool) },
        spec: {
            template: {
                metadata: { labels: { ...spec.labels } },
                spec: {
                    nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: pool },
                    requirements: [
                        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                        { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
                        {
                            key: CAPACITY_TYPE_LABEL,
                            operator: "In",
                            values: [...spec.capacityTypes],
                        },
                        {
                            key: INSTANCE_TYPE_LABEL,
                            operator: "In",
                            values: [...spec.instanceTypes],
                        },
                    ],
                    taints: spec.taints.map((t) => ({ ...t })),
                    expireAfter: spec.expireAfter,
                },
            },
            limits: { cpu: spec.limits.cpu, memory: spec.limits.memory },
            disruption: {
                consolidationPolicy: spec.disruption.consolidationPolicy,
                consolidateAfter: spec.disruption.consolidateAfter,
                budgets: spec.disruption.budgets.map((b) => ({
                    nodes: b.nodes,
                    ...(b.reasons ? { reasons: [...b.reasons] } : {}),
                    ...(b.schedule ? { schedule: b.schedule } : {}),
                    ...(b.duration ? { duration: b.duration } : {}),
                })),
            },
        },
    };
}

/**
 * How workloads reach a pool's nodes, in the form they read a managed node group's: the pool's
 * template labels plus {@link NODEPOOL_LABEL} with the pool's name (a label only Karpenter's nodes
 * of this pool carry, so a workload placed here never lands on a managed node that shares the
 * pool's labels), its taints, GPUs and instance types. `maxSize` is the nodes its limits hold
 * (lib/karpenter/pool-max-nodes.ts); `capacityType` is `SPOT` only for a spot-only pool.
 */
export function nodePoolScheduling(pool: string, spec: NodePoolSpec): NodeGroupScheduling {
    return {
        labels: { ...spec.labels, [NODEPOOL_LABEL]: pool },
        taints: spec.taints.map((t) => ({ ...t })),
        gpu: spec.gpu,
        instanceTypes: [...spec.instanceTypes],
        maxSize: poolMaxNodes(spec.instanceTypes, parsePoolLimits(spec.limits)),
        capacityType: spec.capacityTypes.every((c) => c === "spot") ? "SPOT" : "ON_DEMAND",
    };
}
