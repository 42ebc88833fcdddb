/**
 * Karpenter's IAM: the controller's policy and the node role's managed policies, as upstream writes
 * them in aws/karpenter-provider-aws
 * `website/content/en/docs/getting-started/getting-started-with-karpenter/cloudformation.yaml`
 * (tag v1.14.1): the statements of `NodeLifecyclePolicy`, `IAMIntegrationPolicy`,
 * `EKSIntegrationPolicy`, `InterruptionPolicy` and `ResourceDiscoveryPolicy`, with `${AWS::Partition}`,
 * `${AWS::Region}`, `${AWS::AccountId}` and `${ClusterName}` filled in. Every write is conditioned on
 * the tags Karpenter puts on what it creates (`kubernetes.io/cluster/<name>: owned`,
 * `karpenter.sh/nodepool`, `karpenter.k8s.aws/ec2nodeclass`), so the controller of one cluster cannot
 * touch another cluster's instances. Zonal shift is off in the chart (`settings.enableZonalShift`), so
 * `ZonalShiftPolicy` is left out.
 */

/** Where the controller runs and what it manages. */
export interface KarpenterIamContext {
    /** AWS partition (`aws`, `aws-cn`, `aws-us-gov`). */
    readonly partition: string;
    readonly region: string;
    readonly accountId: string;
    readonly clusterName: string;
    /** ARN of the node role the controller passes to the instances it launches. */
    readonly nodeRoleArn: string;
    /** ARN of the interruption queue the controller reads. */
    readonly queueArn: string;
}

/** The node role's managed policies (upstream `KarpenterNodeRole.ManagedPolicyArns`), by stable key. */
export const KARPENTER_NODE_POLICIES = {
    cni: "AmazonEKS_CNI_Policy",
    worker: "AmazonEKSWorkerNodePolicy",
    ecr: "AmazonEC2ContainerRegistryPullOnly",
    ssm: "AmazonSSMManagedInstanceCore",
} as const;

/** The managed policy ARN of {@link KARPENTER_NODE_POLICIES} in a partition. */
export function nodePolicyArn(partition: string, policy: string): string {
    return `arn:${partition}:iam::aws:policy/${policy}`;
}

/**
 * The IAM actions of the controller policy that the pack's `iam-disallow-wildcard-actions` counts as
 * privilege escalation: passing the node role to EC2 and managing the instance profiles of its
 * EC2NodeClasses. Each is scoped in the policy (the node role only; instance profiles tagged for this
 * cluster and region); the stacks' pack configuration lists them in `allowedActions`.
 */
export const KARPENTER_REVIEWED_ACTIONS = [
    "iam:PassRole",
    "iam:CreateInstanceProfile",
    "iam:TagInstanceProfile",
    "iam:AddRoleToInstanceProfile",
    "iam:RemoveRoleFromInstanceProfile",
    "iam:DeleteInstanceProfile",
] as const;

/** EC2 resource ARNs of a kind in the region, as upstream names them (any account: AMIs are shared). */
function ec2(c: KarpenterIamContext, kind: string, account = "*"): string {
    return `arn:${c.partition}:ec2:${c.region}:${account}:${kind}/*`;
}

/** The controller's policy document (JSON), statement for statement as upstream. */
export function controllerPolicy(c: KarpenterIamContext): string {
    const owned = { [`aws:ResourceTag/kubernetes.io/cluster/${c.clusterName}`]: "owned" };
    const requestOwned = {
        [`aws:RequestTag/kubernetes.io/cluster/${c.clusterName}`]: "owned",
        "aws:RequestTag/eks:eks-cluster-name": c.clusterName,
    };
    const launched = ["fleet", "instance", "volume", "network-interface", "launch-template"]
        .concat("spot-instances-request")
        .map((k) => ec2(c, k));
    const profiles = `arn:${c.partition}:iam::${c.accountId}:instance-profile/*`;
    const cluster = `arn:${c.partition}:eks:${c.region}:${c.accountId}:cluster/${c.clusterName}`;
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowScopedEC2InstanceAccessActions",
                Effect: "Allow",
                Resource: [
                    ec2(c, "image", ""),
                    ec2(c, "snapshot", ""),
                    ec2(c, "security-group"),
                    ec2(c, "subnet"),
                    ec2(c, "capacity-reservation"),
                    ec2(c, "placement-group"),
                ],
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
            },
            {
                Sid: "AllowScopedEC2LaunchTemplateAccessActions",
                Effect: "Allow",
                Resource: ec2(c, "launch-template"),
                Action: ["ec2:RunInstances", "ec2:CreateFleet"],
                Condition: {
                    StringEquals: owned,
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedEC2InstanceActionsWithTags",
                Effect: "Allow",
                Resource: launched,
                Action: ["ec2:RunInstances", "ec2:CreateFleet", "ec2:CreateLaunchTemplate"],
                Condition: {
                    StringEquals: requestOwned,
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceCreationTagging",
                Effect: "Allow",
                Resource: launched,
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: {
                        ...requestOwned,
                        "ec2:CreateAction": ["RunInstances", "CreateFleet", "CreateLaunchTemplate"],
                    },
                    StringLike: { "aws:RequestTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowScopedResourceTagging",
                Effect: "Allow",
                Resource: ec2(c, "instance"),
                Action: "ec2:CreateTags",
                Condition: {
                    StringEquals: owned,
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                    StringEqualsIfExists: { "aws:RequestTag/eks:eks-cluster-name": c.clusterName },
                    "ForAllValues:StringEquals": {
                        "aws:TagKeys": ["eks:eks-cluster-name", "karpenter.sh/nodeclaim", "Name"],
                    },
                },
            },
            {
                Sid: "AllowScopedDeletion",
                Effect: "Allow",
                Resource: [ec2(c, "instance"), ec2(c, "launch-template")],
                Action: ["ec2:TerminateInstances", "ec2:DeleteLaunchTemplate"],
                Condition: {
                    StringEquals: owned,
                    StringLike: { "aws:ResourceTag/karpenter.sh/nodepool": "*" },
                },
            },
            {
                Sid: "AllowPassingInstanceRole",
                Effect: "Allow",
                Resource: c.nodeRoleArn,
                Action: "iam:PassRole",
                Condition: {
                    StringEquals: {
                        "iam:PassedToService": ["ec2.amazonaws.com", "ec2.amazonaws.com.cn"],
                    },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileCreationActions",
                Effect: "Allow",
                Resource: profiles,
                Action: ["iam:CreateInstanceProfile"],
                Condition: {
                    StringEquals: {
                        ...requestOwned,
                        "aws:RequestTag/topology.kubernetes.io/region": c.region,
                    },
                    StringLike: { "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileTagActions",
                Effect: "Allow",
                Resource: profiles,
                Action: ["iam:TagInstanceProfile"],
                Condition: {
                    StringEquals: {
                        ...owned,
                        "aws:ResourceTag/topology.kubernetes.io/region": c.region,
                        ...requestOwned,
                        "aws:RequestTag/topology.kubernetes.io/region": c.region,
                    },
                    StringLike: {
                        "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*",
                        "aws:RequestTag/karpenter.k8s.aws/ec2nodeclass": "*",
                    },
                },
            },
            {
                Sid: "AllowScopedInstanceProfileActions",
                Effect: "Allow",
                Resource: profiles,
                Action: [
                    "iam:AddRoleToInstanceProfile",
                    "iam:RemoveRoleFromInstanceProfile",
                    "iam:DeleteInstanceProfile",
                ],
                Condition: {
                    StringEquals: {
                        ...owned,
                        "aws:ResourceTag/topology.kubernetes.io/region": c.region,
                    },
                    StringLike: { "aws:ResourceTag/karpenter.k8s.aws/ec2nodeclass": "*" },
                },
            },
            {
                Sid: "AllowAPIServerEndpointDiscovery",
                Effect: "Allow",
                Resource: cluster,
                Action: "eks:DescribeCluster",
            },
            {
                Sid: "AllowInterruptionQueueActions",
                Effect: "Allow",
                Resource: c.queueArn,
                Action: ["sqs:DeleteMessage", "sqs:GetQueueUrl", "sqs:ReceiveMessage"],
            },
            {
                Sid: "AllowRegionalReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: [
                    "ec2:DescribeCapacityReservations",
                    "ec2:DescribeImages",
                    "ec2:DescribeInstances",
                    "ec2:DescribeInstanceStatus",
                    "ec2:DescribeInstanceTypeOfferings",
                    "ec2:DescribeInstanceTypes",
                    "ec2:DescribeLaunchTemplates",
                    "ec2:DescribePlacementGroups",
                    "ec2:DescribeSecurityGroups",
                    "ec2:DescribeSpotPriceHistory",
                    "ec2:DescribeSubnets",
                ],
                Condition: { StringEquals: { "aws:RequestedRegion": c.region } },
            },
            {
                Sid: "AllowSSMReadActions",
                Effect: "Allow",
                Resource: `arn:${c.partition}:ssm:${c.region}::parameter/aws/service/*`,
                Action: "ssm:GetParameter",
            },
            {
                Sid: "AllowPricingReadActions",
                Effect: "Allow",
                Resource: "*",
                Action: "pricing:GetProducts",
            },
            {
                Sid: "AllowUnscopedInstanceProfileListAction",
                Effect: "Allow",
                Resource: "*",
                Action: "iam:ListInstanceProfiles",
            },
            {
                Sid: "AllowInstanceProfileReadActions",
                Effect: "Allow",
                Resource: profiles,
                Action: "iam:GetInstanceProfile",
            },
        ],
    });
}

/**
 * The resource ARNs of {@link controllerPolicy} that name every resource of a kind (each write on them
 * is conditioned on this cluster's tags): the stacks' pack configuration lists them in
 * `allowedResources` of `iam-disallow-wildcard-actions`.
 */
export function reviewedResources(partition: string, region: string): string[] {
    const c = { partition, region } as KarpenterIamContext;
    return [
        ...["image", "snapshot"].map((k) => ec2(c, k, "")),
        ...["security-group", "subnet", "capacity-reservation", "placement-group"].map((k) =>
            ec2(c, k),
        ),
        ...["fleet", "instance", "volume", "network-interface", "launch-template"]
            .concat("spot-instances-request")
            .map((k) => ec2(c, k)),
    ];
}
