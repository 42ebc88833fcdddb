/**
 * Pure builders for the Cluster component: everything here is testable without mocks.
 */

/** All five EKS control-plane log types. The seed enables every one; so do we, always. */
export const CONTROL_PLANE_LOG_TYPES = [
    "api",
    "audit",
    "authenticator",
    "controllerManager",
    "scheduler",
] as const;

/** The managed policy that makes an access entry a cluster administrator. */
export const CLUSTER_ADMIN_POLICY_ARN =
    "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

/** Managed policies every node role needs (kubelet, VPC CNI, image pulls). */
export const NODE_ROLE_POLICY_ARNS = {
    worker: "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
    cni: "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    ecr: "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
} as const;

/**
 * The node label Cluster Autoscaler's AWS provider reads to know a node has GPUs before the device
 * plugin advertises them (`GPULabel` in cluster-autoscaler/cloudprovider/aws/aws_cloud_provider.go,
 * "Special note on GPU instances" in its README, kubernetes/autoscaler at cluster-autoscaler-1.33.6):
 * without it a new GPU node looks ready without GPUs, and the autoscaler adds another for the same
 * pending pod. Its value is the GPU model (`nvidia-a10g`). A managed node group's labels reach the
 * kubelet at boot and, through `eks:DescribeNodegroup`, the autoscaler's template of a group at zero
 * nodes (`buildNodeFromTemplate` in cluster-autoscaler/cloudprovider/aws/aws_manager.go).
 */
export const ACCELERATOR_LABEL = "k8s.amazonaws.com/accelerator";

/** A Kubernetes taint as workloads see it. */
export interface Taint {
    readonly key: string;
    readonly value: string;
    readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** How one node group schedules: the typed facts workloads derive tolerations and affinity from. */
export interface NodeGroupScheduling {
    /** Node labels set on every node of the group. */
    readonly labels: Readonly<Record<string, string>>;
    /** Taints set on every node of the group. */
    readonly taints: readonly Taint[];
    /** True when the group's nodes carry NVIDIA GPUs. */
    readonly gpu: boolean;
    /** EC2 instance types of the group, for capacity planning. */
    readonly instanceTypes: readonly string[];
    /** Upper bound of the group's autoscaling range. */
    readonly maxSize: number;
    /** ON_DEMAND or SPOT. */
    readonly capacityType: "ON_DEMAND" | "SPOT";
}

const EKS_TAINT_EFFECT: Record<Taint["effect"], string> = {
    NoSchedule: "NO_SCHEDULE",
    PreferNoSchedule: "PREFER_NO_SCHEDULE",
    NoExecute: "NO_EXECUTE",
};

/** Converts Kubernetes taints to the EKS managed node group form (`NO_SCHEDULE`, ...). */
export function toEksTaints(
    taints: readonly Taint[],
): { key: string; value: string; effect: string }[] {
    return taints.map((t) => ({ key: t.key, value: t.value, effect: EKS_TAINT_EFFECT[t.effect] }));
}

/** The AMI type for a node group: the NVIDIA AL2023 image for GPU groups, the standard one otherwise. */
export function amiTypeFor(gpu: boolean): string {
    return gpu ? "AL2023_x86_64_NVIDIA" : "AL2023_x86_64_STANDARD";
}

/** The CloudWatch log group EKS writes control-plane logs to; created up front so retention applies. */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/** Access entries (authentication mode API) granting each admin the cluster-admin policy, cluster-wide. */
export function buildAdminAccessEntries(admins: readonly { name: string; principalArn: string }[]) {
    return Object.fromEntries(
        admins.map((a) => [
            a.name,
            {
                principalArn: a.principalArn,
                type: "STANDARD" as const,
                accessPolicies: {
                    admin: {
                        policyArn: CLUSTER_ADMIN_POLICY_ARN,
                        accessScope: { type: "cluster" },
                    },
                },
            },
        ]),
    );
}

/**
 * Splits the VPC CIDR into one public and one private subnet per zone.
 *
 * Private subnets get the large blocks (nodes and pods use VPC IPs with the VPC CNI): for a /16 they are
 * /19s starting at the bottom; public subnets are /22s from the top quarter.
 */
export function planSubnets(
    vpcCidr: string,
    zones: readonly string[],
): { zone: string; publicCidr: string; privateCidr: string }[] {
    const [base, bitsText] = vpcCidr.split("/");
    const bits = Number(bitsText);
    const start = ipToInt(base);
    const privatePrefix = bits + 3;
    const publicPrefix = bits + 6;
    if (zones.length > 6 || publicPrefix > 28) {
        throw new Error(
            `VPC ${vpcCidr} is too small for ${zones.length} zones; use a /16 to /22 block and at most 6 zones`,
        );
    }
    const privateSize = 2 ** (32 - privatePrefix);
    const publicSize = 2 ** (32 - publicPrefix);
    const publicStart = start + 6 * privateSize;
    return zones.map((zone, i) => ({
        zone,
        privateCidr: `${intToIp(start + i * privateSize)}/${privatePrefix}`,
        publicCidr: `${intToIp(publicStart + i * publicSize)}/${publicPrefix}`,
    }));
}

function ipToInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/**
 * The trust policy that lets exactly one Kubernetes service account assume a role through the cluster's
 * OIDC provider (IRSA). Both `sub` and `aud` are pinned, so no other account in the cluster can use it.
 */
export function irsaTrustPolicy(
    oidcProviderArn: string,
    oidcProviderUrl: string,
    namespace: string,
    serviceAccount: string,
): string {
    const issuer = oidcProviderUrl.replace(/^https:\/\//, "");
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    });
}

/**
 * The Auto Scaling group tags Cluster Autoscaler discovers node groups by
 * (`--node-group-auto-discovery=asg:tag=k8s.io/cluster-autoscaler/enabled,k8s.io/cluster-autoscaler/<cluster>`,
 * kubernetes/autoscaler cluster-autoscaler/cloudprovider/aws/README.md at cluster-autoscaler-1.33.0).
 * EKS puts them on the Auto Scaling group of every managed node group; the node groups carry them too,
 * so the autoscaler's IAM condition and the discovery tags are visible in the program.
 */
export function clusterAutoscalerTags(clusterName: string): Record<string, string> {
    return {
        "k8s.io/cluster-autoscaler/enabled": "true",
        [`k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
    };
}
