import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

import {
    addReadinessProbe,
    chartWorkloadManifests,
    clusterAutoscalerStatements,
    clusterAutoscalerValues,
    clusterAutoscalerWorkload,
    ClusterAddons,
    Manifest,
} from "../../../../components/addons";
import { policyDocument } from "../../../../components/cluster/irsa";
import { asRecord, itemsAt, kubernetesTypeToken, recordAt } from "../../../../lib/kubernetes";
import { policies } from "../../../../policies/policies";
import { addonsArgsFor } from "../../../helpers/addons";
import { managedGroupsStack } from "../../../helpers/config";
import { runResourcePolicy, runStackPolicy } from "../../../helpers/policy";
import { freshRecorder, settle } from "../../../helpers/pulumi";
import { iamDocument } from "../../../helpers/views";

/**
 * Cluster Autoscaler is a per-stack choice the committed stacks do not make (they run Karpenter,
 * docs/nodes.md): these tests install it on the managed-group fixture, `managedGroupsStack`.
 */
const CLUSTER = "supply-chain-test"; // the cluster name of the addonsArgsFor fixture
/** The EKS node group names of the production managed-group fixture. */
const GROUPS = ["general", "ml", "gpu"].map((g) => `supply-chain-test-${g}`);
const ASG = "arn:aws:autoscaling:us-west-2:123456789012:autoScalingGroup:*:autoScalingGroupName";

/** The statements the autoscaler's role gets, exactly (region and account as the mocks answer). */
const EXPECTED_POLICY = {
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Action: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            Resource: ["*"],
        },
        {
            Effect: "Allow",
            Action: ["eks:DescribeNodegroup"],
            Resource: GROUPS.map(
                (g) => `arn:aws:eks:us-west-2:123456789012:nodegroup/${CLUSTER}/${g}/*`,
            ),
        },
        {
            Effect: "Allow",
            Action: [
                "autoscaling:SetDesiredCapacity",
                "autoscaling:TerminateInstanceInAutoScalingGroup",
            ],
            Resource: GROUPS.map((g) => `${ASG}/eks-${g}-*`),
            Condition: {
                StringEquals: {
                    [`aws:ResourceTag/k8s.io/cluster-autoscaler/${CLUSTER}`]: "owned",
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                },
            },
        },
    ],
};

/** Every finding of the pack's active policies (any level but disabled) with a stack's config. */
async function packFindings(stack: string, manifests: readonly Manifest[]): Promise<string[]> {
    const raw = JSON.parse(
        fs.readFileSync(
            path.resolve(__dirname, `../../../../policies/config/${stack}.json`),
            "utf8",
        ),
    ) as Record<string, unknown>;
    const settings = (name: string) => {
        const entry = raw[name] ?? raw.all;
        if (typeof entry === "string") {
            return { level: entry, config: {} };
        }
        const { enforcementLevel, ...config } = entry as Record<string, unknown>;
        return { level: String(enforcementLevel), config };
    };
    const found: string[] = [];
    for (const p of policies.filter((p) => settings(p.name).level !== "disabled")) {
        if ("validateResource" in p && p.validateResource) {
            for (const m of manifests) {
                const type = kubernetesTypeToken(m.apiVersion, m.kind);
                const r = await runResourcePolicy(p, type, m, settings(p.name).config);
                found.push(...(Array.isArray(r) ? r.map((msg) => `${p.name}: ${msg}`) : []));
            }
        }
        if ("validateStack" in p) {
            const inputs = manifests.map((m) => ({
                type: kubernetesTypeToken(m.apiVersion, m.kind),
                name: `${m.kind}-${m.metadata.name}`,
                props: m,
            }));
            const r = await runStackPolicy(p, inputs, settings(p.name).config);
            found.push(...r.map(([, msg]) => `${p.name}: ${msg}`));
        }
    }
    return found;
}

/** What the engine hands the pack: the chart's objects after {@link addReadinessProbe}. */
function transformed(manifests: readonly Manifest[]): Manifest[] {
    return manifests.map((m) => {
        const r = addReadinessProbe({
            type: kubernetesTypeToken(m.apiVersion, m.kind),
            name: m.metadata.name,
            custom: true,
            props: m,
            opts: {},
        });
        return (r?.props ?? m) as Manifest;
    });
}

/** The Deployment `m` with no container readiness probe (what the chart renders). */
function withoutReadinessProbes(m: Manifest): Manifest {
    const template = recordAt(m, "spec", "template");
    return {
        ...m,
        spec: {
            ...recordAt(m, "spec"),
            template: {
                ...template,
                spec: {
                    ...recordAt(template, "spec"),
                    containers: itemsAt(template, "spec", "containers")
                        .map((c) => asRecord(c) ?? {})
                        .map(({ readinessProbe: _probe, ...rest }) => rest),
                },
            },
        },
    };
}

describe("Cluster Autoscaler", () => {
    it("may change capacity only of Auto Scaling groups tagged as this cluster's node groups", () => {
        const doc = iamDocument(
            policyDocument(
                clusterAutoscalerStatements(CLUSTER, GROUPS, "us-west-2", "123456789012"),
            ),
        );
        assert.deepStrictEqual(doc, EXPECTED_POLICY);
    });

    it("installs the pinned chart in kube-system with an EKS Pod Identity role for its service account only", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("production", managedGroupsStack("production")));
        await settle();
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "a-cluster-autoscaler");
        const role = rec.get("aws:iam/role:Role", "a-cluster-autoscaler-irsa");
        const policy = rec.get("aws:iam/rolePolicy:RolePolicy", "a-cluster-autoscaler-irsa-policy");
        assert.deepStrictEqual(
            [chart.inputs.chart, chart.inputs.name, chart.inputs.version, chart.inputs.namespace],
            ["cluster-autoscaler", "cluster-autoscaler", "9.59.0", "kube-system"],
        );
        const values = chart.inputs.values as ReturnType<typeof clusterAutoscalerValues<string>>;
        assert.deepStrictEqual(
            [
                values.cloudProvider,
                values.awsRegion,
                values.autoDiscovery,
                values.image,
                values.replicaCount,
                values.rbac.serviceAccount,
            ],
            [
                "aws",
                "us-west-2",
                { clusterName: CLUSTER },
                { tag: "v1.35.2" },
                2,
                { create: true, name: "cluster-autoscaler" },
            ],
        );
        assert.deepStrictEqual(values.podAnnotations, {
            "supply-chain-platform/aws-identity": "eks-pod-identity",
        });
        // EKS Pod Identity: the trust names this cluster and the chart's service account, and an
        // association hands the role to that account (no role annotation on it).
        const trust = iamDocument(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Principal, { Service: "pods.eks.amazonaws.com" });
        assert.deepStrictEqual(trust.Statement[0].Condition?.StringEquals, {
            "aws:RequestTag/eks-cluster-arn": `arn:aws:eks:us-west-2:123456789012:cluster/${CLUSTER}`,
            "aws:RequestTag/kubernetes-namespace": "kube-system",
            "aws:RequestTag/kubernetes-service-account": "cluster-autoscaler",
        });
        const association = rec.get(
            "aws:eks/podIdentityAssociation:PodIdentityAssociation",
            "a-cluster-autoscaler-irsa-association",
        );
        assert.deepStrictEqual(
            [
                association.inputs.clusterName,
                association.inputs.namespace,
                association.inputs.serviceAccount,
            ],
            [CLUSTER, "kube-system", "cluster-autoscaler"],
        );
        assert.deepStrictEqual(iamDocument(policy.inputs.policy), EXPECTED_POLICY);
        assert.ok(
            chart.dependencies.includes(association.urn),
            "the chart waits for the role's association",
        );
    });

    for (const stack of ["staging", "production"]) {
        it(`${stack}: the chart's workload passes the policy pack only with the added readiness probe`, async () => {
            const workload = clusterAutoscalerWorkload(
                clusterAutoscalerValues({
                    clusterName: `supply-chain-${stack}`,
                    region: "us-west-2",
                    imageTag: "v1.33.6",
                    highAvailability: stack === "production",
                }),
            );
            const manifests = chartWorkloadManifests(workload);
            // What the chart renders: templates/deployment.yaml has a liveness probe only.
            const rendered = manifests.map((m) =>
                m.kind === "Deployment" ? withoutReadinessProbes(m) : m,
            );
            assert.deepStrictEqual(transformed(rendered), manifests);
            assert.deepStrictEqual(await packFindings(stack, manifests), []);
            assert.deepStrictEqual(
                (await packFindings(stack, rendered)).map((f) => f.split(":")[0]),
                ["workloads-require-probes"],
            );
        });
    }

    it("leaves objects other than Deployments to the chart", () => {
        const pdb = chartWorkloadManifests(
            clusterAutoscalerWorkload(
                clusterAutoscalerValues({
                    clusterName: CLUSTER,
                    region: "r",
                    highAvailability: false,
                }),
            ),
        ).find((m) => m.kind === "PodDisruptionBudget");
        assert.ok(pdb, "the chart renders a PDB by default (values.yaml podDisruptionBudget)");
        assert.strictEqual(
            addReadinessProbe({
                type: "kubernetes:policy/v1:PodDisruptionBudget",
                name: "x",
                custom: true,
                props: pdb,
                opts: {} as pulumi.ResourceOptions,
            }),
            undefined,
        );
    });

    it("scans every 10 s and adds no delay for new pods (the seed's 30 s scaling response)", () => {
        const values = clusterAutoscalerValues({
            clusterName: CLUSTER,
            region: "r",
            highAvailability: false,
        });
        assert.deepStrictEqual(
            [values.extraArgs["scan-interval"], values.extraArgs["new-pod-scale-up-delay"]],
            ["10s", "0s"],
        );
    });

    it("refuses to install without a named node group to scale", () => {
        const args = addonsArgsFor("staging", managedGroupsStack("staging"));
        assert.throws(() => new ClusterAddons("a", { ...args, nodeGroups: {} }), {
            message:
                "ClusterAddons arg `nodeGroups` must give at least one node group a `nodeGroupName` while clusterAutoscaler is enabled: the autoscaler's role may scale only named node groups, got none",
        });
    });
});
