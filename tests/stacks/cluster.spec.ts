/**
 * Stack tests of the cluster on a real account: what a first `pulumi up` needs from the EKS cluster,
 * its node groups and the Kubernetes provider, read through the offline preview's `dependencies` and
 * `provider` (the ordering the engine follows).
 */
import * as assert from "assert";

import { PreviewResource, previewResource } from "../../tools/offline/preview";
import { evaluatedStack } from "../helpers/stack-evaluation";

const previews = new Map<string, PreviewResource[]>();

/** The preview JSON's resources of a committed stack (evaluated once per stack). */
async function preview(stack: string): Promise<PreviewResource[]> {
    if (!previews.has(stack)) {
        const { recorder } = await evaluatedStack(stack);
        previews.set(stack, recorder.resources.map(previewResource));
    }
    return previews.get(stack)!;
}

function one(resources: PreviewResource[], type: string, name: string): PreviewResource {
    const found = resources.filter((r) => r.type === type && r.name === name);
    assert.strictEqual(found.length, 1, `exactly one ${type} named ${name}`);
    return found[0];
}

const ofType = (resources: PreviewResource[], type: string) =>
    resources.filter((r) => r.type === type);

for (const stack of ["staging", "production"]) {
    const clusterName = `supply-chain-${stack}`;

    describe(`cluster of stack ${stack} on a real account`, () => {
        it("turns on NetworkPolicy enforcement in the VPC CNI add-on", async () => {
            const eks = one(await preview(stack), "eks:index:Cluster", "platform-eks");
            // pulumi-eks v4.3.0 sends this as the add-on configuration `enableNetworkPolicy: "true"`.
            assert.deepStrictEqual(eks.inputs.vpcCniOptions, {
                enableNetworkPolicy: true,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "OVERWRITE",
            });
        });

        it("starts node groups only after the node role's policies are attached", async () => {
            const resources = await preview(stack);
            const attachments = ofType(
                resources,
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            ).filter((a) => a.name.startsWith("platform-node-role-"));
            assert.deepStrictEqual(attachments.map((a) => a.name).sort(), [
                "platform-node-role-cni",
                "platform-node-role-ecr",
                "platform-node-role-worker",
            ]);
            const eks = one(resources, "eks:index:Cluster", "platform-eks");
            for (const group of ofType(resources, "eks:index:ManagedNodeGroup")) {
                for (const needed of [eks, ...attachments]) {
                    assert.ok(
                        group.dependencies.includes(needed.urn),
                        `${group.name} waits for ${needed.name}`,
                    );
                }
            }
        });

        it("creates every other EKS add-on only once nodes and cluster DNS are up", async () => {
            // An add-on whose pods cannot be scheduled stays DEGRADED and its creation times out.
            const resources = await preview(stack);
            const groups = ofType(resources, "eks:index:ManagedNodeGroup");
            const coredns = one(resources, "aws:eks/addon:Addon", "platform-coredns");
            const others = ofType(resources, "aws:eks/addon:Addon").filter((a) => a !== coredns);
            assert.deepStrictEqual(
                others.map((a) => a.inputs.addonName),
                ["eks-pod-identity-agent", "aws-ebs-csi-driver"],
            );
            for (const addon of others) {
                assert.deepStrictEqual(
                    [...groups, coredns]
                        .filter((r) => !addon.dependencies.includes(r.urn))
                        .map((r) => r.name),
                    [],
                    `${addon.name} waits for every node group and coredns`,
                );
            }
        });

        it("deploys Kubernetes objects only once nodes and cluster DNS are up", async () => {
            const resources = await preview(stack);
            const provider = one(resources, "pulumi:providers:kubernetes", "platform-k8s");
            const groups = ofType(resources, "eks:index:ManagedNodeGroup");
            const coredns = one(resources, "aws:eks/addon:Addon", "platform-coredns");
            assert.deepStrictEqual(
                [...groups, coredns].filter((r) => !provider.dependencies.includes(r.urn)),
                [],
                "the provider waits for every node group and coredns",
            );
            for (const group of groups) {
                assert.ok(
                    coredns.dependencies.includes(group.urn),
                    `coredns waits for ${group.name}`,
                );
            }
            const kube = resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.ok(kube.length > 0);
            assert.deepStrictEqual(
                kube.filter((r) => r.provider !== provider.urn).map((r) => r.name),
                [],
                "every Kubernetes object is created through that provider",
            );
        });

        it("opens the private API endpoint to the deploy runner's network only, on 443", async () => {
            const resources = await preview(stack);
            const rules = ofType(
                resources,
                "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
            ).filter((r) => r.name.startsWith("platform-api-private-"));
            assert.deepStrictEqual(
                rules.map((r) => [
                    r.inputs.securityGroupId,
                    r.inputs.ipProtocol,
                    r.inputs.fromPort,
                    r.inputs.toPort,
                    r.inputs.cidrIpv4,
                ]),
                [
                    [
                        "sg-0c1a2b3c4d5e6f701",
                        "tcp",
                        443,
                        443,
                        stack === "production" ? "10.20.0.0/16" : "10.10.0.0/16",
                    ],
                ],
            );
        });

        it("runs no Cluster Autoscaler (no chart, no role): Karpenter provisions the nodes", async () => {
            // Cluster Autoscaler stays a per-stack choice (its role's scoping is asserted in
            // tests/components/addons/cluster-autoscaler); both stacks leave it off (docs/nodes.md).
            const resources = await preview(stack);
            assert.deepStrictEqual(
                resources
                    .filter((r) => r.name.startsWith("platform-addons-cluster-autoscaler"))
                    .map((r) => r.name),
                [],
            );
            assert.deepStrictEqual(
                ofType(resources, "eks:index:ManagedNodeGroup").map((g) => g.inputs.nodeGroupName),
                [`${clusterName}-karpenter`],
            );
            assert.deepStrictEqual(
                ofType(resources, "kubernetes:helm.sh/v4:Chart")
                    .filter((c) => c.inputs.chart === "oci://public.ecr.aws/karpenter/karpenter")
                    .map((c) => c.name),
                ["nodes"],
            );
        });

        it("leaves each node group's desired size to the autoscaler after the first up", async () => {
            const groups = ofType(await preview(stack), "eks:index:ManagedNodeGroup");
            assert.deepStrictEqual(
                groups.map((g) => g.inputs.ignoreScalingChanges),
                groups.map(() => true),
            );
        });

        it("tags every node group for Cluster Autoscaler discovery of this cluster", async () => {
            for (const group of ofType(await preview(stack), "eks:index:ManagedNodeGroup")) {
                const tags = group.inputs.tags as Record<string, string>;
                assert.strictEqual(tags["k8s.io/cluster-autoscaler/enabled"], "true", group.name);
                assert.strictEqual(tags[`k8s.io/cluster-autoscaler/${clusterName}`], "owned");
            }
        });
    });
}

describe("cluster deletion protection", () => {
    // Pulumi `protect` on the cluster is asserted in stacks.spec.ts; this is EKS's own protection.
    it("production turns on EKS deletion protection; staging does not", async () => {
        const view = async (stack: string) =>
            one(await preview(stack), "eks:index:Cluster", "platform-eks").inputs
                .deletionProtection;
        assert.deepStrictEqual([await view("production"), await view("staging")], [true, false]);
    });
});
