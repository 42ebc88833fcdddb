import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

import { Cluster, ClusterArgs, validateClusterArgs } from "../../../components/cluster";
import { parsePlatformConfig } from "../../../config";
import { managedGroupsStack, rawStack } from "../../helpers/config";
import { isSecretValue } from "../../../tools/offline/secrets";
import { freshRecorder, settle, typeNames, unwrap } from "../../helpers/pulumi";

/**
 * Cluster args as index.ts builds them from a committed stack, or from the stack with managed
 * general/ML(/GPU) groups it ran before Karpenter (`managedGroupsStack`), for managed-group behaviour.
 */
function argsFor(stack: string, raw = rawStack(stack)): ClusterArgs {
    return parsePlatformConfig(raw).cluster;
}

describe("Cluster", () => {
    it("creates exactly the network, KMS key, log group, EKS cluster, node role, node groups, coredns and provider", async () => {
        const rec = freshRecorder();
        new Cluster("c", argsFor("staging"));
        await settle();
        const zones = ["us-west-2a", "us-west-2b"];
        const expected: [string, string][] = [
            ["platform:cluster:Cluster", "c"],
            ["aws:ec2/vpc:Vpc", "c-vpc"],
            ["aws:ec2/internetGateway:InternetGateway", "c-igw"],
            ["aws:ec2/routeTable:RouteTable", "c-public-rt"],
            ...zones.flatMap((z): [string, string][] => [
                ["aws:ec2/subnet:Subnet", `c-public-${z}`],
                ["aws:ec2/routeTableAssociation:RouteTableAssociation", `c-public-${z}`],
                ["aws:ec2/subnet:Subnet", `c-private-${z}`],
                ["aws:ec2/routeTable:RouteTable", `c-private-${z}`],
                ["aws:ec2/routeTableAssociation:RouteTableAssociation", `c-private-${z}`],
            ]),
            ["aws:ec2/eip:Eip", "c-nat-us-west-2a"],
            ["aws:ec2/natGateway:NatGateway", "c-nat-us-west-2a"],
            ["aws:kms/key:Key", "c-secrets-key"],
            ["aws:kms/alias:Alias", "c-secrets-key"],
            ["aws:cloudwatch/logGroup:LogGroup", "c-control-plane-logs"],
            ["eks:index:Cluster", "c-eks"],
            ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "c-api-private-0"],
            ["aws:iam/role:Role", "c-node-role"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "c-node-role-worker"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "c-node-role-cni"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "c-node-role-ecr"],
            // Karpenter's controller group only: the pools are NodePools (docs/nodes.md)
            ["eks:index:ManagedNodeGroup", "c-karpenter"],
            ["aws:eks/addon:Addon", "c-coredns"],
            ["pulumi:providers:kubernetes", "c-k8s"],
        ];
        assert.deepStrictEqual(
            typeNames(rec.resources),
            typeNames(expected.map(([type, name]) => ({ type, name }) as never)),
        );
        const cluster = rec.get("platform:cluster:Cluster", "c");
        assert.ok(
            rec.resources.filter((r) => r !== cluster).every((r) => r.parent === cluster.urn),
            "every child is parented to the Cluster",
        );
    });

    it("pins the secure control-plane settings on the EKS cluster", async () => {
        const rec = freshRecorder();
        new Cluster("c", argsFor("production"));
        await settle();
        const eks = rec.get("eks:index:Cluster", "c-eks").inputs;
        const key = rec.get("aws:kms/key:Key", "c-secrets-key");
        assert.deepStrictEqual(
            {
                name: eks.name,
                version: eks.version,
                upgradePolicy: eks.upgradePolicy,
                encryptionConfigKeyArn: eks.encryptionConfigKeyArn,
                enabledClusterLogTypes: eks.enabledClusterLogTypes,
                endpointPrivateAccess: eks.endpointPrivateAccess,
                endpointPublicAccess: eks.endpointPublicAccess,
                publicAccessCidrs: eks.publicAccessCidrs,
                authenticationMode: eks.authenticationMode,
                createOidcProvider: eks.createOidcProvider,
                skipDefaultNodeGroup: eks.skipDefaultNodeGroup,
                nodeAssociatePublicIpAddress: eks.nodeAssociatePublicIpAddress,
                corednsAddonOptions: eks.corednsAddonOptions,
                kubeProxyAddonOptions: eks.kubeProxyAddonOptions,
                admins: Object.keys(eks.accessEntries as object).sort(),
            },
            {
                name: "supply-chain-production",
                version: "1.35",
                upgradePolicy: { supportType: "STANDARD" },
                encryptionConfigKeyArn: "arn:aws:kms:us-west-2:123456789012:key/c-secrets-key",
                enabledClusterLogTypes: [
                    "api",
                    "audit",
                    "authenticator",
                    "controllerManager",
                    "scheduler",
                ],
                endpointPrivateAccess: true,
                endpointPublicAccess: false,
                publicAccessCidrs: undefined,
                authenticationMode: "API",
                createOidcProvider: true,
                skipDefaultNodeGroup: true,
                nodeAssociatePublicIpAddress: false,
                corednsAddonOptions: {
                    enabled: false,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                },
                kubeProxyAddonOptions: {
                    enabled: true,
                    resolveConflictsOnCreate: "OVERWRITE",
                    resolveConflictsOnUpdate: "OVERWRITE",
                },
                admins: ["break-glass", "platform-admins"],
            },
        );
        assert.deepStrictEqual(
            {
                enableKeyRotation: key.inputs.enableKeyRotation,
                deletionWindowInDays: key.inputs.deletionWindowInDays,
                protect: key.protect,
            },
            { enableKeyRotation: true, deletionWindowInDays: 30, protect: true },
        );
        assert.strictEqual(rec.get("eks:index:Cluster", "c-eks").protect, true);
        assert.deepStrictEqual(
            rec.get("aws:cloudwatch/logGroup:LogGroup", "c-control-plane-logs").inputs,
            {
                name: "/aws/eks/supply-chain-production/cluster",
                retentionInDays: 365,
                tags: {
                    "app.kubernetes.io/part-of": "supply-chain-platform",
                    cluster: "supply-chain-production",
                },
            },
        );
    });

    it("limits the public endpoint to the configured CIDRs and leaves protection off in staging", async () => {
        const rec = freshRecorder();
        new Cluster("c", argsFor("staging"));
        await settle();
        const eks = rec.get("eks:index:Cluster", "c-eks");
        assert.deepStrictEqual(
            [eks.inputs.endpointPublicAccess, eks.inputs.publicAccessCidrs, eks.protect],
            [true, ["203.0.113.0/24", "198.51.100.0/24"], false],
        );
    });

    it("runs Karpenter's controller on a fixed on-demand group tainted CriticalAddonsOnly (staging)", async () => {
        const rec = freshRecorder();
        new Cluster("c", argsFor("staging"));
        await settle();
        const group = rec.get("eks:index:ManagedNodeGroup", "c-karpenter").inputs;
        assert.deepStrictEqual(
            [
                group.capacityType,
                group.instanceTypes,
                group.scalingConfig,
                group.labels,
                group.taints,
                group.amiType,
                group.subnetIds,
            ],
            [
                "ON_DEMAND",
                ["t3.medium"],
                { minSize: 2, maxSize: 2, desiredSize: 2 },
                { workload: "karpenter" },
                [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
                "AL2023_x86_64_STANDARD",
                ["c-private-us-west-2a-id", "c-private-us-west-2b-id"],
            ],
        );
    });

    it("runs managed node groups in private subnets; a spot group is spot and tainted (a stack without Karpenter)", async () => {
        const rec = freshRecorder();
        const cluster = new Cluster("c", argsFor("staging", managedGroupsStack("staging")));
        await settle();
        const ml = rec.get("eks:index:ManagedNodeGroup", "c-ml").inputs;
        assert.deepStrictEqual(
            [
                ml.capacityType,
                ml.instanceTypes,
                ml.scalingConfig,
                ml.labels,
                ml.taints,
                ml.amiType,
                ml.ignoreScalingChanges,
            ],
            [
                "SPOT",
                ["c5.xlarge", "c6i.xlarge"],
                { minSize: 0, maxSize: 3, desiredSize: 1 },
                { workload: "ml-processing" },
                [{ key: "workload", value: "ml", effect: "NO_SCHEDULE" }],
                "AL2023_x86_64_STANDARD",
                true,
            ],
        );
        const general = rec.get("eks:index:ManagedNodeGroup", "c-general").inputs;
        assert.deepStrictEqual([general.capacityType, general.taints], ["ON_DEMAND", []]);
        assert.deepStrictEqual(general.subnetIds, [
            "c-private-us-west-2a-id",
            "c-private-us-west-2b-id",
        ]);
        assert.deepStrictEqual(cluster.nodeGroups.ml.taints, [
            { key: "workload", value: "ml", effect: "NoSchedule" },
        ]);
        assert.deepStrictEqual(cluster.nodeGroups.ml.labels, { workload: "ml-processing" });
        assert.strictEqual(
            await unwrap(cluster.nodeGroups.ml.nodeGroupName),
            "supply-chain-staging-ml",
        );
    });

    it("creates coredns after every node group", async () => {
        const rec = freshRecorder();
        new Cluster("c", argsFor("staging", managedGroupsStack("staging")));
        await settle();
        const coredns = rec.get("aws:eks/addon:Addon", "c-coredns");
        const groups = rec.ofType("eks:index:ManagedNodeGroup").map((g) => g.urn);
        assert.ok(
            groups.every((g) => coredns.dependencies.includes(g)),
            "coredns depends on both node groups",
        );
        assert.strictEqual(coredns.inputs.addonName, "coredns");
    });

    it("exposes the kubeconfig as a secret and wires the provider to it", async () => {
        const rec = freshRecorder();
        const cluster = new Cluster("c", argsFor("staging"));
        await settle();
        assert.strictEqual(await pulumi.isSecret(cluster.kubeconfig), true);
        const kubeconfig = rec.get("pulumi:providers:kubernetes", "c-k8s").inputs.kubeconfig as {
            value: string;
        };
        assert.strictEqual(
            isSecretValue(kubeconfig),
            true,
            "the provider receives the kubeconfig as a secret",
        );
        assert.strictEqual(JSON.parse(kubeconfig.value)["current-context"], "supply-chain-staging");
    });

    it("adopts an existing VPC without creating network resources", async () => {
        const rec = freshRecorder();
        const args = argsFor("staging");
        new Cluster("c", {
            ...args,
            vpc: {
                ...args.vpc,
                existingVpcId: "vpc-0abc",
                existingPrivateSubnetIds: ["subnet-01", "subnet-02"],
                existingPublicSubnetIds: [],
            },
        });
        await settle();
        assert.deepStrictEqual(
            rec.resources.filter((r) => r.type.startsWith("aws:ec2/")),
            [],
        );
        assert.deepStrictEqual(rec.get("eks:index:Cluster", "c-eks").inputs.privateSubnetIds, [
            "subnet-01",
            "subnet-02",
        ]);
    });

    it("creates an IRSA role trusted by exactly one service account", async () => {
        const rec = freshRecorder();
        const cluster = new Cluster("c", argsFor("staging"));
        cluster.createServiceAccountRole(
            "orders-irsa",
            {
                namespace: "supply-chain",
                serviceAccountName: "order",
                statements: [
                    { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:us-west-2:1:orders"] },
                ],
            },
            { parent: cluster },
        );
        await settle();
        const trust = JSON.parse(
            String(rec.get("aws:iam/role:Role", "orders-irsa").inputs.assumeRolePolicy),
        );
        assert.deepStrictEqual(trust.Statement[0].Condition.StringEquals, {
            "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub":
                "system:serviceaccount:supply-chain:order",
            "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud":
                "sts.amazonaws.com",
        });
        assert.deepStrictEqual(
            JSON.parse(
                String(
                    rec.get("aws:iam/rolePolicy:RolePolicy", "orders-irsa-policy").inputs.policy,
                ),
            ).Statement,
            [
                {
                    Effect: "Allow",
                    Action: ["sqs:SendMessage"],
                    Resource: ["arn:aws:sqs:us-west-2:1:orders"],
                },
            ],
        );
    });

    describe("validateClusterArgs", () => {
        it("fails when a GPU node group lacks Cluster Autoscaler's accelerator label", () => {
            const args = argsFor("production", managedGroupsStack("production"));
            const gpu = args.nodeGroups.gpu;
            assert.throws(
                () =>
                    validateClusterArgs({
                        ...args,
                        nodeGroups: { gpu: { ...gpu, labels: { workload: "ml-gpu" } } },
                    }),
                {
                    message:
                        'Cluster arg `nodeGroups.gpu.labels` must set k8s.amazonaws.com/accelerator to the GPU model (e.g. nvidia-a10g) on a GPU node group, so Cluster Autoscaler counts its new nodes\' GPUs before the device plugin reports them, got {"workload":"ml-gpu"}',
                },
            );
            assert.doesNotThrow(() => validateClusterArgs(args));
        });

        it("fails when a node group's maxSize is below minSize", () => {
            const args = argsFor("staging");
            assert.throws(
                () =>
                    validateClusterArgs({
                        ...args,
                        nodeGroups: {
                            ml: { ...args.nodeGroups.ml, minSize: 2, maxSize: 1, desiredSize: 1 },
                        },
                    }),
                {
                    message:
                        "Cluster arg `nodeGroups.ml.maxSize` must be >= max(minSize, 1) (2), got 1",
                },
            );
        });
        it("fails when the public endpoint has no CIDRs", () => {
            const args = argsFor("staging");
            assert.throws(
                () =>
                    validateClusterArgs({
                        ...args,
                        endpoint: { publicAccess: true, publicAccessCidrs: [] },
                    }),
                {
                    message:
                        "Cluster arg `endpoint.publicAccessCidrs` must not be empty when publicAccess is true, got []",
                },
            );
        });
        it("fails without node groups", () => {
            assert.throws(() => validateClusterArgs({ ...argsFor("staging"), nodeGroups: {} }), {
                message: "Cluster arg `nodeGroups` must declare at least one node group, got {}",
            });
        });
    });
});
