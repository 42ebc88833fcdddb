import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import { ClusterAddons, ClusterAddonsArgs } from "../../../components/addons";
import { parsePlatformConfig } from "../../../config";
import { rawStack } from "../../helpers/config";
import { freshRecorder, settle, typeNames } from "../../helpers/pulumi";

function argsFor(stack: string, provider: k8s.Provider): ClusterAddonsArgs {
    return {
        ...parsePlatformConfig(rawStack(stack)).addons,
        provider,
        oidc: {
            arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/X",
            url: "https://oidc.eks.us-west-2.amazonaws.com/id/X",
        },
        highAvailability: stack === "production",
    };
}

describe("ClusterAddons", () => {
    it("creates exactly the pinned charts, namespaces, mesh mTLS default, IRSA role and secret store", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        new ClusterAddons("a", argsFor("production", provider));
        await settle();
        assert.deepStrictEqual(
            typeNames(rec.resources),
            typeNames(
                [
                    ["pulumi:providers:kubernetes", "k"],
                    ["platform:cluster:ClusterAddons", "a"],
                    ["kubernetes:core/v1:Namespace", "a-istio-system"],
                    ["kubernetes:helm.sh/v4:Chart", "a-istio-base"],
                    ["kubernetes:helm.sh/v4:Chart", "a-istiod"],
                    ["kubernetes:security.istio.io/v1:PeerAuthentication", "a-mesh-mtls"],
                    ["kubernetes:helm.sh/v4:Chart", "a-metrics-server"],
                    ["kubernetes:helm.sh/v4:Chart", "a-vpa"],
                    ["kubernetes:helm.sh/v4:Chart", "a-prometheus-operator-crds"],
                    ["aws:iam/role:Role", "a-external-secrets-irsa"],
                    ["aws:iam/rolePolicy:RolePolicy", "a-external-secrets-irsa-policy"],
                    ["kubernetes:core/v1:Namespace", "a-external-secrets"],
                    ["kubernetes:helm.sh/v4:Chart", "a-external-secrets"],
                    ["kubernetes:external-secrets.io/v1:ClusterSecretStore", "a-secret-store"],
                ].map(([type, name]) => ({ type, name }) as never),
            ),
        );
        const k8sChildren = rec.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(
            k8sChildren.every((r) => r.provider.includes("::pulumi:providers:kubernetes::k::")),
            "every Kubernetes child uses the cluster's provider",
        );
    });

    it("pins every chart to the stack's version and repository", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", argsFor("staging", new k8s.Provider("k", { kubeconfig: "{}" })));
        await settle();
        const charts = rec
            .ofType("kubernetes:helm.sh/v4:Chart")
            .map((c) => [
                c.name,
                c.inputs.chart,
                c.inputs.version,
                (c.inputs.repositoryOpts as { repo: string }).repo,
                c.inputs.namespace,
            ]);
        assert.deepStrictEqual(charts.sort(), [
            [
                "a-external-secrets",
                "external-secrets",
                "0.20.4",
                "https://charts.external-secrets.io",
                "external-secrets",
            ],
            [
                "a-istio-base",
                "base",
                "1.27.3",
                "https://istio-release.storage.googleapis.com/charts",
                "istio-system",
            ],
            [
                "a-istiod",
                "istiod",
                "1.27.3",
                "https://istio-release.storage.googleapis.com/charts",
                "istio-system",
            ],
            [
                "a-metrics-server",
                "metrics-server",
                "3.13.0",
                "https://kubernetes-sigs.github.io/metrics-server",
                "kube-system",
            ],
            [
                "a-prometheus-operator-crds",
                "prometheus-operator-crds",
                "24.0.1",
                "https://prometheus-community.github.io/helm-charts",
                "kube-system",
            ],
            ["a-vpa", "vpa", "4.8.0", "https://charts.fairwinds.com/stable", "kube-system"],
        ]);
    });

    it("sets the mesh-wide STRICT mTLS default after istiod and its CRDs", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", argsFor("staging", new k8s.Provider("k", { kubeconfig: "{}" })));
        await settle();
        const mtls = rec.get("kubernetes:security.istio.io/v1:PeerAuthentication", "a-mesh-mtls");
        assert.deepStrictEqual(mtls.inputs, {
            apiVersion: "security.istio.io/v1",
            kind: "PeerAuthentication",
            metadata: { name: "default", namespace: "istio-system" },
            spec: { mtls: { mode: "STRICT" } },
        });
        const base = rec.get("kubernetes:helm.sh/v4:Chart", "a-istio-base").urn;
        const istiod = rec.get("kubernetes:helm.sh/v4:Chart", "a-istiod").urn;
        assert.ok(mtls.dependencies.includes(base) && mtls.dependencies.includes(istiod));
    });

    it("lets the External Secrets controller read only shared secrets under the stack's prefix, through IRSA", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", argsFor("staging", new k8s.Provider("k", { kubeconfig: "{}" })));
        await settle();
        const policy = JSON.parse(
            String(
                rec.get("aws:iam/rolePolicy:RolePolicy", "a-external-secrets-irsa-policy").inputs
                    .policy,
            ),
        );
        assert.deepStrictEqual(policy.Statement, [
            {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: [
                    "arn:aws:secretsmanager:us-west-2:123456789012:secret:supply-chain/staging/shared/*",
                ],
            },
        ]);
        const trust = JSON.parse(
            String(rec.get("aws:iam/role:Role", "a-external-secrets-irsa").inputs.assumeRolePolicy),
        );
        assert.strictEqual(
            trust.Statement[0].Condition.StringEquals["oidc.eks.us-west-2.amazonaws.com/id/X:sub"],
            "system:serviceaccount:external-secrets:external-secrets",
        );
        const values = rec.get("kubernetes:helm.sh/v4:Chart", "a-external-secrets").inputs
            .values as Record<string, any>;
        assert.deepStrictEqual(values.serviceAccount.annotations, {
            "eks.amazonaws.com/role-arn":
                "arn:aws:iam::123456789012:role/a-external-secrets-irsa-0a1b2c3",
        });
        const store = rec.get(
            "kubernetes:external-secrets.io/v1:ClusterSecretStore",
            "a-secret-store",
        );
        assert.ok(
            store.dependencies.includes(
                rec.get("kubernetes:helm.sh/v4:Chart", "a-external-secrets").urn,
            ),
            "the store waits for the operator's CRDs",
        );
    });

    it("installs nothing for a switched-off add-on and exposes no readiness for it", async () => {
        const rec = freshRecorder();
        const args = argsFor("staging", new k8s.Provider("k", { kubeconfig: "{}" }));
        const addons = new ClusterAddons("a", {
            ...args,
            istio: { ...args.istio, enabled: false },
            externalSecrets: { ...args.externalSecrets, enabled: false },
        });
        await settle();
        assert.deepStrictEqual(
            rec.resources.filter((r) =>
                /istio|external-secrets|secret-store|mesh-mtls/.test(r.name),
            ),
            [],
        );
        assert.deepStrictEqual(
            [
                addons.ready.istio.length,
                addons.ready.externalSecrets.length,
                addons.ready.prometheus.length,
            ],
            [0, 0, 1],
        );
    });

    it("runs istiod and metrics-server highly available in production only", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", argsFor("production", new k8s.Provider("k", { kubeconfig: "{}" })));
        await settle();
        const istiod = rec.get("kubernetes:helm.sh/v4:Chart", "a-istiod").inputs.values as Record<
            string,
            any
        >;
        assert.deepStrictEqual([istiod.pilot.replicaCount, istiod.pilot.autoscaleMin], [2, 2]);
        const ms = rec.get("kubernetes:helm.sh/v4:Chart", "a-metrics-server").inputs
            .values as Record<string, any>;
        assert.deepStrictEqual(
            [ms.replicas, ms.podDisruptionBudget],
            [2, { enabled: true, minAvailable: 1 }],
        );
    });
});
