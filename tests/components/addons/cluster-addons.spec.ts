import * as assert from "assert";

import { ClusterAddons } from "../../../components/addons";
import { addonsArgsFor } from "../../helpers/addons";
import { freshRecorder, settle, typeNames } from "../../helpers/pulumi";

describe("ClusterAddons", () => {
    it("creates exactly the pinned charts, namespaces, mesh mTLS default, roles, associations and secret store (production: Karpenter, so no Cluster Autoscaler; the device plugin for the GPU NodePool)", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("production"));
        await settle();
        assert.deepStrictEqual(
            typeNames(rec.resources),
            typeNames(
                [
                    ["pulumi:providers:kubernetes", "k"],
                    ["platform:cluster:ClusterAddons", "a"],
                    ["kubernetes:core/v1:Namespace", "a-istio-system"],
                    ["kubernetes:helm.sh/v4:Chart", "a-istio-base"],
                    ["kubernetes:core/v1:Namespace", "a-istio-cni"],
                    ["kubernetes:helm.sh/v4:Chart", "a-istio-cni"],
                    ["kubernetes:helm.sh/v4:Chart", "a-istiod"],
                    ["kubernetes:security.istio.io/v1:PeerAuthentication", "a-mesh-mtls"],
                    ["kubernetes:helm.sh/v4:Chart", "a-metrics-server"],
                    ["kubernetes:helm.sh/v3:Release", "a-vpa"],
                    ["kubernetes:core/v1:Namespace", "a-nvidia-device-plugin"],
                    ["kubernetes:helm.sh/v4:Chart", "a-nvidia-device-plugin-gpu"],
                    ["aws:iam/role:Role", "a-external-secrets-irsa"],
                    ["aws:iam/rolePolicy:RolePolicy", "a-external-secrets-irsa-policy"],
                    ["kubernetes:core/v1:Namespace", "a-external-secrets"],
                    ["kubernetes:helm.sh/v4:Chart", "a-external-secrets"],
                    ["kubernetes:core/v1:ServiceAccount", "a-external-secrets-shared-reader"],
                    ["kubernetes:external-secrets.io/v1:ClusterSecretStore", "a-secret-store"],
                    ["aws:iam/role:Role", "a-ebs-csi-irsa"],
                    ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "a-ebs-csi-irsa-policy"],
                    [
                        "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                        "a-ebs-csi-irsa-association",
                    ],
                    ["aws:eks/addon:Addon", "a-ebs-csi"],
                    ["kubernetes:storage.k8s.io/v1:StorageClass", "a-gp3"],
                    ["kubernetes:core/v1:Namespace", "a-monitoring"],
                    ["kubernetes:core/v1:Namespace", "a-node-exporter"],
                    ["kubernetes:external-secrets.io/v1:ExternalSecret", "a-grafana-admin"],
                    ["kubernetes:external-secrets.io/v1:ExternalSecret", "a-alertmanager-config"],
                    ["kubernetes:helm.sh/v4:Chart", "a-monitoring"],
                    ["kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "a-istiod-monitor"],
                    ["kubernetes:helm.sh/v4:Chart", "a-prometheus-adapter"],
                    ["aws:cloudwatch/logGroup:LogGroup", "a-container-logs"],
                    ["aws:iam/role:Role", "a-fluent-bit-irsa"],
                    ["aws:iam/rolePolicy:RolePolicy", "a-fluent-bit-irsa-policy"],
                    ["kubernetes:core/v1:Namespace", "a-logging"],
                    ["kubernetes:helm.sh/v4:Chart", "a-fluent-bit"],
                    ["aws:iam/role:Role", "a-otel-irsa"],
                    ["aws:iam/rolePolicy:RolePolicy", "a-otel-irsa-policy"],
                    [
                        "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                        "a-otel-irsa-association",
                    ],
                    ["kubernetes:core/v1:Namespace", "a-tracing"],
                    ["kubernetes:helm.sh/v4:Chart", "a-otel-collector"],
                    ["kubernetes:telemetry.istio.io/v1:Telemetry", "a-mesh-tracing"],
                    ["aws:iam/role:Role", "a-aws-load-balancer-controller-irsa"],
                    ["aws:iam/rolePolicy:RolePolicy", "a-aws-load-balancer-controller-irsa-policy"],
                    [
                        "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                        "a-aws-load-balancer-controller-irsa-association",
                    ],
                    [
                        "tls:index/privateKey:PrivateKey",
                        "a-aws-load-balancer-controller-webhook-ca",
                    ],
                    [
                        "tls:index/selfSignedCert:SelfSignedCert",
                        "a-aws-load-balancer-controller-webhook-ca",
                    ],
                    ["tls:index/privateKey:PrivateKey", "a-aws-load-balancer-controller-webhook"],
                    ["tls:index/certRequest:CertRequest", "a-aws-load-balancer-controller-webhook"],
                    [
                        "tls:index/locallySignedCert:LocallySignedCert",
                        "a-aws-load-balancer-controller-webhook",
                    ],
                    ["kubernetes:helm.sh/v4:Chart", "a-aws-load-balancer-controller"],
                    ["kubernetes:core/v1:Namespace", "a-argo-rollouts"],
                    ["kubernetes:helm.sh/v4:Chart", "a-argo-rollouts"],
                ].map(([type, name]) => ({ type, name }) as never),
            ),
        );
        const addons = rec.get("platform:cluster:ClusterAddons", "a").urn;
        const children = rec.resources.filter((r) => r.type !== "pulumi:providers:kubernetes");
        assert.ok(
            children.every((r) => r.urn === addons || r.parent === addons),
            "every add-on resource is a direct child of ClusterAddons (URNs unchanged by the split)",
        );
        const k8sChildren = rec.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(
            k8sChildren.every((r) => r.provider.includes("::pulumi:providers:kubernetes::k::")),
            "every Kubernetes child uses the cluster's provider",
        );
    });

    it("pins every chart and release to the stack's version and repository", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const charts = [
            ...rec.ofType("kubernetes:helm.sh/v4:Chart"),
            ...rec.ofType("kubernetes:helm.sh/v3:Release"),
        ].map((c) => [
            c.name,
            c.inputs.chart,
            c.inputs.version,
            (c.inputs.repositoryOpts as { repo: string }).repo,
            c.inputs.namespace,
        ]);
        assert.deepStrictEqual(charts.sort(), [
            [
                "a-argo-rollouts",
                "argo-rollouts",
                "2.41.0",
                "https://argoproj.github.io/argo-helm",
                "argo-rollouts",
            ],
            [
                "a-aws-load-balancer-controller",
                "aws-load-balancer-controller",
                "3.5.0",
                "https://aws.github.io/eks-charts",
                "kube-system",
            ],
            [
                "a-external-secrets",
                "external-secrets",
                "0.20.4",
                "https://charts.external-secrets.io",
                "external-secrets",
            ],
            [
                "a-fluent-bit",
                "aws-for-fluent-bit",
                "0.2.0",
                "https://aws.github.io/eks-charts",
                "logging",
            ],
            [
                "a-istio-base",
                "base",
                "1.30.3",
                "https://istio-release.storage.googleapis.com/charts",
                "istio-system",
            ],
            [
                "a-istio-cni",
                "cni",
                "1.30.3",
                "https://istio-release.storage.googleapis.com/charts",
                "istio-cni",
            ],
            [
                "a-istiod",
                "istiod",
                "1.30.3",
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
                "a-monitoring",
                "kube-prometheus-stack",
                "88.5.3",
                "https://prometheus-community.github.io/helm-charts",
                "monitoring",
            ],
            [
                "a-otel-collector",
                "opentelemetry-collector",
                "0.170.0",
                "https://open-telemetry.github.io/opentelemetry-helm-charts",
                "tracing",
            ],
            [
                "a-prometheus-adapter",
                "prometheus-adapter",
                "5.3.0",
                "https://prometheus-community.github.io/helm-charts",
                "monitoring",
            ],
            ["a-vpa", "vpa", "4.8.0", "https://charts.fairwinds.com/stable", "kube-system"],
        ]);
    });

    it("installs nothing for a switched-off add-on and exposes no readiness for it", async () => {
        const rec = freshRecorder();
        const args = addonsArgsFor("staging");
        const addons = new ClusterAddons("a", {
            ...args,
            istio: { ...args.istio, enabled: false },
            externalSecrets: { ...args.externalSecrets, enabled: false },
            tracing: { ...args.tracing, enabled: false },
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
                addons.ready.verticalPodAutoscaler.length,
                addons.ready.nvidiaDevicePlugin.length,
            ],
            [0, 0, 1, 1, 0],
        );
        assert.deepStrictEqual(
            [addons.secretsManager, addons.externalSecretsRoleArn],
            [undefined, undefined],
        );
    });
});
