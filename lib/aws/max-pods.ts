/**
 * Pods per node under the Amazon VPC CNI: every pod but the host-network ones (aws-node, kube-proxy)
 * takes a secondary IPv4 address of one of the node's ENIs, so a node runs at most
 * `ENIs x (IPv4 addresses per ENI - 1) + 2` pods (the primary address of each ENI is the ENI's own;
 * the + 2 are the host-network pods). The EKS AMI's bootstrap (nodeadm) sets the kubelet's `maxPods`
 * to exactly that (awslabs/amazon-eks-ami v20260724, `nodeadm/internal/kubelet/eni_max_pods.go`,
 * `calculateStandardMaxPods`, from the ENI table `nodeadm/internal/kubelet/instance-info.jsonl`, the
 * successor of `templates/shared/runtime/eni-max-pods.txt`).
 *
 * With prefix delegation (`ENABLE_PREFIX_DELEGATION=true` on the VPC CNI, Nitro instances only) each
 * secondary address slot holds a /28 prefix of 16 addresses, and the EKS max-pods calculator caps the
 * result at 110 pods for instances with at most 30 vCPUs and 250 above
 * (awslabs/amazon-eks-ami `templates/al2/runtime/max-pods-calculator.sh` before AL2's removal,
 * commit b2289030^; aws/amazon-vpc-cni-k8s release notes v1.9.0; EKS user guide
 * https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html). The platform's cluster does
 * not enable prefix delegation (components/cluster/cluster.ts, `vpcCniOptions`).
 *
 * Managed node groups without a custom AMI (the platform's) get the same ceiling whether or not prefix
 * delegation is on: EKS writes `maxPods` into the node's user data, capped at 110 below 30 vCPUs and 250
 * above (EKS user guide, "Choose an optimal Amazon EC2 node instance type", section "How maxPods is
 * determined", awsdocs/amazon-eks-user-guide `latest/ug/nodes/choosing-instance-type.adoc` at 3a23761).
 */

/** ENIs on the default network card and IPv4 addresses per ENI of one instance type. */
export interface EniLimits {
    readonly enis: number;
    readonly ipv4PerEni: number;
}

/**
 * ENI limits of the instance types node groups may use (schemas/instance-types.ts): rows of
 * awslabs/amazon-eks-ami v20260724 `nodeadm/internal/kubelet/instance-info.jsonl` (`defaultMaxENIs`,
 * `ipv4AddressesPerInterface`); p3 from `templates/shared/runtime/eni-max-pods.txt` at 2bed73dc (58 and
 * 234 pods), which matches the EC2 table "IP addresses per network interface per instance type"
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html).
 */
export const ENI_LIMITS: ReadonlyMap<string, EniLimits> = new Map([
    ["t3.medium", { enis: 3, ipv4PerEni: 6 }],
    ["t3.large", { enis: 3, ipv4PerEni: 12 }],
    ["t3.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["t3.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["m5.large", { enis: 3, ipv4PerEni: 10 }],
    ["m5.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["m5.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["m5.4xlarge", { enis: 8, ipv4PerEni: 30 }],
    ["m6i.large", { enis: 3, ipv4PerEni: 10 }],
    ["m6i.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["m6i.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["m7i.large", { enis: 3, ipv4PerEni: 10 }],
    ["m7i.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["m7i.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["c5.large", { enis: 3, ipv4PerEni: 10 }],
    ["c5.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["c5.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["c5.4xlarge", { enis: 8, ipv4PerEni: 30 }],
    ["c6i.large", { enis: 3, ipv4PerEni: 10 }],
    ["c6i.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["c6i.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["r5.large", { enis: 3, ipv4PerEni: 10 }],
    ["r5.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["r5.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["g4dn.xlarge", { enis: 3, ipv4PerEni: 10 }],
    ["g4dn.2xlarge", { enis: 3, ipv4PerEni: 10 }],
    ["g4dn.4xlarge", { enis: 3, ipv4PerEni: 10 }],
    ["g4dn.12xlarge", { enis: 8, ipv4PerEni: 30 }],
    ["g5.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["g5.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["g5.4xlarge", { enis: 8, ipv4PerEni: 30 }],
    ["g5.12xlarge", { enis: 15, ipv4PerEni: 50 }],
    ["g5.48xlarge", { enis: 7, ipv4PerEni: 50 }],
    ["g6.xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["g6.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["g6.12xlarge", { enis: 8, ipv4PerEni: 30 }],
    ["p4d.24xlarge", { enis: 15, ipv4PerEni: 50 }],
    ["p3.2xlarge", { enis: 4, ipv4PerEni: 15 }],
    ["p3.8xlarge", { enis: 8, ipv4PerEni: 30 }],
]);

/** Addresses in one delegated IPv4 prefix (/28). */
export const IPS_PER_PREFIX = 16;
/** The ceiling (prefix delegation, managed node groups) on instances with at most 30 vCPUs. */
export const MAX_PODS_CEILING_LOW_CPU = 110;
/** The ceiling (prefix delegation, managed node groups) on instances with more than 30 vCPUs. */
export const MAX_PODS_CEILING_HIGH_CPU = 250;

/** How the VPC CNI hands out addresses and who sets the kubelet's `maxPods`. */
export interface CniMode {
    /** `ENABLE_PREFIX_DELEGATION`. @default false */
    readonly prefixDelegation?: boolean;
    /** The node belongs to an EKS managed node group without a custom AMI. @default true */
    readonly managedNodeGroup?: boolean;
}

/**
 * The kubelet's `maxPods` on a node of these ENI limits (and `vcpu` vCPUs, which only prefix
 * delegation's ceiling reads).
 */
export function maxPods(limits: EniLimits, vcpu: number, mode: CniMode = {}): number {
    const perSlot = mode.prefixDelegation ? IPS_PER_PREFIX : 1;
    const pods = limits.enis * (limits.ipv4PerEni - 1) * perSlot + 2;
    const capped = mode.prefixDelegation || (mode.managedNodeGroup ?? true);
    return capped
        ? Math.min(pods, vcpu > 30 ? MAX_PODS_CEILING_HIGH_CPU : MAX_PODS_CEILING_LOW_CPU)
        : pods;
}

/** `maxPods` of an instance type, or undefined when {@link ENI_LIMITS} has no row for it. */
export function maxPodsOf(type: string, vcpu: number, mode: CniMode = {}): number | undefined {
    const limits = ENI_LIMITS.get(type);
    return limits && maxPods(limits, vcpu, mode);
}
