import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { AddonContext } from "../../../../components/addons/core/contract";
import { serviceAccountRole } from "../../../../components/addons/core/service-account-role";
import { FAKE_OIDC } from "../../../helpers/addons";
import { childrenOf, freshRecorder, settle, typeNames } from "../../../helpers/pulumi";

/** A context with only what the helper reads: the parent, the OIDC provider and the cluster. */
function contextUnder(parent: pulumi.ComponentResource): AddonContext {
    return {
        name: "a",
        parent,
        provider: new k8s.Provider("k", { kubeconfig: "{}" }),
        oidc: FAKE_OIDC,
        clusterName: "supply-chain-staging",
        partition: pulumi.output("aws"),
        region: pulumi.output("us-west-2"),
        accountId: pulumi.output("111122223333"),
    } as AddonContext;
}

describe("serviceAccountRole", () => {
    it("creates an IRSA role and its inline policy as children of the add-ons' parent", async () => {
        const rec = freshRecorder();
        const parent = new pulumi.ComponentResource("platform:cluster:ClusterAddons", "a");
        serviceAccountRole(contextUnder(parent), "a-otel-irsa", {
            identity: "irsa",
            namespace: "tracing",
            serviceAccountName: "otel-collector",
            policy: '{"Version":"2012-10-17","Statement":[]}',
        });
        await settle();
        assert.deepStrictEqual(typeNames(childrenOf(rec, "platform:cluster:ClusterAddons", "a")), [
            ["aws:iam/role:Role", "a-otel-irsa"],
            ["aws:iam/rolePolicy:RolePolicy", "a-otel-irsa-policy"],
        ]);
        const policy = rec.get("aws:iam/rolePolicy:RolePolicy", "a-otel-irsa-policy");
        assert.strictEqual(policy.inputs.policy, '{"Version":"2012-10-17","Statement":[]}');
        const role = rec.get("aws:iam/role:Role", "a-otel-irsa");
        assert.strictEqual(role.inputs.description, "IRSA role for tracing/otel-collector");
    });

    it("with Pod Identity: a role trusting one service account of this cluster, and its association", async () => {
        const rec = freshRecorder();
        const parent = new pulumi.ComponentResource("platform:cluster:ClusterAddons", "a");
        const arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
        const made = serviceAccountRole(contextUnder(parent), "a-ebs-csi-irsa", {
            identity: "pod-identity",
            namespace: "kube-system",
            serviceAccountName: "ebs-csi-controller-sa",
            managedPolicyArn: arn,
        });
        await settle();
        assert.deepStrictEqual(typeNames(childrenOf(rec, "platform:cluster:ClusterAddons", "a")), [
            ["aws:eks/podIdentityAssociation:PodIdentityAssociation", "a-ebs-csi-irsa-association"],
            ["aws:iam/role:Role", "a-ebs-csi-irsa"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a-ebs-csi-irsa-policy"],
        ]);
        const role = rec.get("aws:iam/role:Role", "a-ebs-csi-irsa");
        assert.deepStrictEqual(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement, [
            {
                Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn":
                            "arn:aws:eks:us-west-2:111122223333:cluster/supply-chain-staging",
                        "aws:RequestTag/kubernetes-namespace": "kube-system",
                        "aws:RequestTag/kubernetes-service-account": "ebs-csi-controller-sa",
                    },
                },
            },
        ]);
        const association = rec.get(
            "aws:eks/podIdentityAssociation:PodIdentityAssociation",
            "a-ebs-csi-irsa-association",
        );
        assert.deepStrictEqual(
            [
                association.inputs.clusterName,
                association.inputs.namespace,
                association.inputs.serviceAccount,
            ],
            ["supply-chain-staging", "kube-system", "ebs-csi-controller-sa"],
        );
        assert.deepStrictEqual(made.ready, [made.policy, made.association]);
        const attachment = rec.get(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "a-ebs-csi-irsa-policy",
        );
        assert.strictEqual(attachment.inputs.policyArn, arn);
    });
});
