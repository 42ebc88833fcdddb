import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { AddonContext } from "../../../../components/addons/core/contract";
import { serviceAccountRole } from "../../../../components/addons/core/service-account-role";
import { FAKE_OIDC } from "../../../helpers/addons";
import { childrenOf, freshRecorder, settle, typeNames } from "../../../helpers/pulumi";

/** A context with only what the helper reads: the parent and the OIDC provider. */
function contextUnder(parent: pulumi.ComponentResource): AddonContext {
    return {
        name: "a",
        parent,
        provider: new k8s.Provider("k", { kubeconfig: "{}" }),
        oidc: FAKE_OIDC,
    } as AddonContext;
}

describe("serviceAccountRole", () => {
    it("creates the role and its inline policy as children of the add-ons' parent", async () => {
        const rec = freshRecorder();
        const parent = new pulumi.ComponentResource("platform:cluster:ClusterAddons", "a");
        serviceAccountRole(contextUnder(parent), "a-otel-irsa", {
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

    it("attaches a managed policy instead when given its ARN", async () => {
        const rec = freshRecorder();
        const parent = new pulumi.ComponentResource("platform:cluster:ClusterAddons", "a");
        const arn = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";
        serviceAccountRole(contextUnder(parent), "a-ebs-csi-irsa", {
            namespace: "kube-system",
            serviceAccountName: "ebs-csi-controller-sa",
            managedPolicyArn: arn,
        });
        await settle();
        assert.deepStrictEqual(typeNames(childrenOf(rec, "platform:cluster:ClusterAddons", "a")), [
            ["aws:iam/role:Role", "a-ebs-csi-irsa"],
            ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a-ebs-csi-irsa-policy"],
        ]);
        const attachment = rec.get(
            "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            "a-ebs-csi-irsa-policy",
        );
        assert.strictEqual(attachment.inputs.policyArn, arn);
    });
});
