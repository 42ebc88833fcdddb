import * as assert from "assert";

import {
    ClusterAddons,
    loadBalancerControllerValues,
    webhookDnsNames,
} from "../../../../components/addons";
import { isSecretValue } from "../../../../tools/offline/secrets";
import { addonsArgsFor } from "../../../helpers/addons";
import { freshRecorder, settle } from "../../../helpers/pulumi";
import { iamDocument } from "../../../helpers/views";

const REQUEST = "aws:RequestTag/elbv2.k8s.aws/cluster";
const RESOURCE = "aws:ResourceTag/elbv2.k8s.aws/cluster";

describe("AWS Load Balancer Controller add-on", () => {
    it("binds a Pod Identity role for kube-system/aws-load-balancer-controller whose conditions name this cluster", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const role = rec.get("aws:iam/role:Role", "a-aws-load-balancer-controller-irsa");
        const trust = iamDocument(role.inputs.assumeRolePolicy);
        assert.deepStrictEqual(trust.Statement[0].Condition?.StringEquals, {
            "aws:RequestTag/eks-cluster-arn":
                "arn:aws:eks:us-west-2:123456789012:cluster/supply-chain-test",
            "aws:RequestTag/kubernetes-namespace": "kube-system",
            "aws:RequestTag/kubernetes-service-account": "aws-load-balancer-controller",
        });
        const policy = iamDocument(
            rec.get("aws:iam/rolePolicy:RolePolicy", "a-aws-load-balancer-controller-irsa-policy")
                .inputs.policy,
        );
        const tagValues = policy.Statement.flatMap((s) =>
            Object.entries(s.Condition?.StringEquals ?? {})
                .filter(([k]) => k === REQUEST || k === RESOURCE)
                .map(([, v]) => v),
        );
        assert.strictEqual(tagValues.length, 7);
        assert.ok(tagValues.every((v) => v === "supply-chain-test"));
    });

    it("installs the chart after its permissions, pinned, in kube-system, with secret values", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("production"));
        await settle();
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "a-aws-load-balancer-controller");
        const policy = rec.get(
            "aws:iam/rolePolicy:RolePolicy",
            "a-aws-load-balancer-controller-irsa-policy",
        );
        assert.ok(chart.dependencies.includes(policy.urn));
        assert.deepStrictEqual(
            [chart.inputs.chart, chart.inputs.version, chart.inputs.namespace],
            ["aws-load-balancer-controller", "3.5.0", "kube-system"],
        );
        assert.deepStrictEqual(addons.ready.loadBalancerController.length, 1);
        // The webhook's private key is in the values: Pulumi keeps them encrypted in state.
        assert.ok(isSecretValue(chart.inputs.values), "chart values are a secret");
    });

    it("signs the webhook certificate for the chart's webhook Service names", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const request = rec.get(
            "tls:index/certRequest:CertRequest",
            "a-aws-load-balancer-controller-webhook",
        );
        assert.deepStrictEqual(request.inputs.dnsNames, webhookDnsNames());
        assert.deepStrictEqual(webhookDnsNames(), [
            "aws-load-balancer-webhook-service.kube-system",
            "aws-load-balancer-webhook-service.kube-system.svc",
            "aws-load-balancer-webhook-service.kube-system.svc.cluster.local",
        ]);
        const cert = rec.get(
            "tls:index/locallySignedCert:LocallySignedCert",
            "a-aws-load-balancer-controller-webhook",
        );
        assert.deepStrictEqual(cert.inputs.allowedUses, [
            "key_encipherment",
            "digital_signature",
            "server_auth",
        ]);
    });

    it("sets cluster, region and VPC and passes the pack through its values", () => {
        const values = loadBalancerControllerValues({
            clusterName: "supply-chain-production",
            region: "us-west-2",
            vpcId: "vpc-1",
            webhookTls: { caCert: "ca", cert: "cert", key: "key" },
            highAvailability: true,
        });
        assert.deepStrictEqual(
            [values.clusterName, values.region, values.vpcId, values.replicaCount],
            ["supply-chain-production", "us-west-2", "vpc-1", 2],
        );
        // No role annotation: the role comes through EKS Pod Identity; the pod annotation rolls pods
        // started under IRSA onto it.
        assert.deepStrictEqual(values.podAnnotations, {
            "supply-chain-platform/aws-identity": "eks-pod-identity",
        });
        assert.deepStrictEqual(values.serviceAccount, {
            create: true,
            name: "aws-load-balancer-controller",
        });
        assert.deepStrictEqual(values.webhookTLS, { caCert: "ca", cert: "cert", key: "key" });
        assert.strictEqual(values.enableServiceMutatorWebhook, false);
        assert.deepStrictEqual(values.resources.limits, { cpu: "500m", memory: "512Mi" });
        assert.deepStrictEqual(values.securityContext, {
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(values.podSecurityContext.seccompProfile, {
            type: "RuntimeDefault",
        });
        assert.deepStrictEqual(
            values.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]
                .podAffinityTerm,
            {
                labelSelector: {
                    matchLabels: { "app.kubernetes.io/name": "aws-load-balancer-controller" },
                },
                topologyKey: "kubernetes.io/hostname",
            },
        );
        assert.strictEqual(
            loadBalancerControllerValues({
                clusterName: "c",
                region: "r",
                vpcId: "v",
                webhookTls: { caCert: "", cert: "", key: "" },
                highAvailability: false,
            }).replicaCount,
            1,
        );
    });
});
