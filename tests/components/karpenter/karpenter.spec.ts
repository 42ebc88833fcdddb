import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import { Karpenter, KarpenterArgs, NodePoolSpec } from "../../../components/karpenter";
import { freshRecorder, settle, typeNames } from "../../helpers/pulumi";

const general: NodePoolSpec = {
    capacityTypes: ["on-demand"],
    instanceTypes: ["t3.medium"],
    labels: { workload: "general" },
    taints: [],
    limits: { cpu: "16", memory: "64Gi" },
    diskSizeGiB: 50,
    gpu: false,
    disruption: {
        consolidationPolicy: "WhenEmptyOrUnderutilized",
        consolidateAfter: "5m",
        budgets: [{ nodes: "10%" }],
    },
    expireAfter: "720h",
};

function args(): KarpenterArgs {
    return {
        clusterName: "supply-chain-staging",
        provider: new k8s.Provider("k8s", { kubeconfig: "{}" }),
        version: "1.14.1",
        controllerNodeSelector: { workload: "general" },
        nodePools: { general },
    };
}

const RULES = [
    "scheduled-change",
    "spot-interruption",
    "rebalance",
    "instance-state-change",
    "capacity-reservation-interruption",
];

describe("Karpenter", () => {
    it("creates exactly the node role and access entry, the queue and its rules, the controller's Pod Identity role, the chart and one EC2NodeClass and NodePool per pool", async () => {
        const rec = freshRecorder();
        new Karpenter("nodes", args());
        await settle();
        const expected: [string, string][] = [
            ["platform:nodes:Karpenter", "nodes"],
            ["pulumi:providers:kubernetes", "k8s"],
            ["aws:iam/role:Role", "nodes-node-role"],
            ...["cni", "worker", "ecr", "ssm"].map((k): [string, string] => [
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
                `nodes-node-role-${k}`,
            ]),
            ["aws:eks/accessEntry:AccessEntry", "nodes-node-access"],
            ["aws:sqs/queue:Queue", "nodes-interruption"],
            ["aws:sqs/queuePolicy:QueuePolicy", "nodes-interruption"],
            ...RULES.flatMap((r): [string, string][] => [
                ["aws:cloudwatch/eventRule:EventRule", `nodes-${r}`],
                ["aws:cloudwatch/eventTarget:EventTarget", `nodes-${r}`],
            ]),
            ["aws:iam/role:Role", "nodes-controller"],
            ["aws:iam/rolePolicy:RolePolicy", "nodes-controller-policy"],
            [
                "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                "nodes-controller-association",
            ],
            ["kubernetes:helm.sh/v4:Chart", "nodes"],
            ["kubernetes:karpenter.k8s.aws/v1:EC2NodeClass", "nodes-general-class"],
            ["kubernetes:karpenter.sh/v1:NodePool", "nodes-general"],
        ];
        assert.deepStrictEqual(
            typeNames(rec.resources),
            typeNames(expected.map(([type, name]) => ({ type, name }) as never)),
        );
    });

    it("hands the controller's role to kube-system/karpenter through Pod Identity, not the OIDC provider", async () => {
        const rec = freshRecorder();
        new Karpenter("nodes", args());
        await settle();
        const role = rec.get("aws:iam/role:Role", "nodes-controller");
        const trust = JSON.parse(String(role.inputs.assumeRolePolicy));
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
        const association = rec.get(
            "aws:eks/podIdentityAssociation:PodIdentityAssociation",
            "nodes-controller-association",
        );
        assert.deepStrictEqual(
            [
                association.inputs.clusterName,
                association.inputs.namespace,
                association.inputs.serviceAccount,
            ],
            ["supply-chain-staging", "kube-system", "karpenter"],
        );
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "nodes");
        assert.ok(
            chart.dependencies.includes(association.urn),
            "the controller starts only after its association exists (else it runs without credentials)",
        );
    });

    it("installs the pinned chart on the controller's node group, reading its queue", async () => {
        const rec = freshRecorder();
        new Karpenter("nodes", args());
        await settle();
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "nodes");
        const queue = rec.get("aws:sqs/queue:Queue", "nodes-interruption");
        assert.deepStrictEqual(
            [chart.inputs.chart, chart.inputs.version, chart.inputs.name, chart.inputs.namespace],
            ["oci://public.ecr.aws/karpenter/karpenter", "1.14.1", "karpenter", "kube-system"],
        );
        const values = chart.inputs.values as Record<string, Record<string, unknown>>;
        assert.deepStrictEqual(values.nodeSelector, {
            "kubernetes.io/os": "linux",
            workload: "general",
        });
        assert.deepStrictEqual(values.settings, {
            clusterName: "supply-chain-staging",
            interruptionQueue: "supply-chain-staging-karpenter",
        });
        assert.deepStrictEqual(
            [
                queue.inputs.name,
                queue.inputs.messageRetentionSeconds,
                queue.inputs.sqsManagedSseEnabled,
            ],
            ["supply-chain-staging-karpenter", 300, true],
        );
    });

    it("routes the five interruption events to the queue", async () => {
        const rec = freshRecorder();
        new Karpenter("nodes", args());
        await settle();
        assert.deepStrictEqual(
            RULES.map((r) =>
                JSON.parse(
                    String(
                        rec.get("aws:cloudwatch/eventRule:EventRule", `nodes-${r}`).inputs
                            .eventPattern,
                    ),
                ),
            ),
            [
                { source: ["aws.health"], "detail-type": ["AWS Health Event"] },
                { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
                { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
                { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"] },
                {
                    source: ["aws.ec2"],
                    "detail-type": ["EC2 Capacity Reservation Instance Interruption Warning"],
                },
            ],
        );
    });
});
