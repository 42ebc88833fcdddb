import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import { Microservice } from "../../../components/microservice";
import { onPlatform } from "../../helpers/platform";
import { collectManifests } from "../../../tools/offline/render";
import { SchemaValidator } from "../../../tools/offline/schemas";
import { minimalService as minimal, seedInventory as inventory } from "../../helpers/fixtures";
import { field } from "../../../lib/kubernetes";
import { freshRecorder, settle, typeNames } from "../../helpers/pulumi";
import { objectOf } from "../../helpers/views";

const provider = () => new k8s.Provider("k", { kubeconfig: "{}" });

const pairs = (list: [string, string][]) =>
    typeNames(list.map(([type, name]) => ({ type, name }) as never));

describe("Microservice", () => {
    it("creates exactly the service's children, named from the component and parented to it", async () => {
        const rec = freshRecorder();
        const p = provider();
        new Microservice("inventory", onPlatform(inventory(p)));
        await settle();
        assert.deepStrictEqual(
            typeNames(rec.resources.filter((r) => r.name !== "k")),
            pairs([
                ["platform:apps:Microservice", "inventory"],
                ["aws:iam/role:Role", "inventory-irsa"],
                ["aws:iam/rolePolicy:RolePolicy", "inventory-irsa-secrets"],
                ["aws:iam/role:Role", "inventory-pod-identity"],
                ["aws:iam/rolePolicy:RolePolicy", "inventory-pod-identity-policy"],
                [
                    "aws:eks/podIdentityAssociation:PodIdentityAssociation",
                    "inventory-pod-identity-association",
                ],
                ["kubernetes:core/v1:ServiceAccount", "inventory-sa"],
                ["kubernetes:core/v1:ServiceAccount", "inventory-secrets-reader"],
                ["kubernetes:core/v1:ConfigMap", "inventory-config"],
                ["kubernetes:external-secrets.io/v1:SecretStore", "inventory-secret-store"],
                ["kubernetes:external-secrets.io/v1:ExternalSecret", "inventory-secrets"],
                ["kubernetes:apps/v1:Deployment", "inventory"],
                ["kubernetes:core/v1:Service", "inventory-svc"],
                ["kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "inventory-hpa"],
                ["kubernetes:policy/v1:PodDisruptionBudget", "inventory-pdb"],
                ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "inventory-netpol"],
                ["kubernetes:monitoring.coreos.com/v1:PodMonitor", "inventory-monitor"],
            ]),
        );
        const component = rec.get("platform:apps:Microservice", "inventory");
        assert.ok(
            rec.resources
                .filter((r) => r.type !== "platform:apps:Microservice" && r.name !== "k")
                .every((r) => r.parent === component.urn),
        );
        assert.ok(
            rec.resources
                .filter((r) => r.type.startsWith("kubernetes:"))
                .every((r) => r.provider.includes("::k::")),
            "explicit provider",
        );
    });

    it("creates only the essentials for a minimal single-replica service (no HPA, no PDB, no IAM role)", async () => {
        const rec = freshRecorder();
        new Microservice("customer", onPlatform(minimal(provider())));
        await settle();
        assert.deepStrictEqual(
            typeNames(rec.resources.filter((r) => r.name !== "k")),
            pairs([
                ["platform:apps:Microservice", "customer"],
                ["kubernetes:core/v1:ServiceAccount", "customer-sa"],
                ["kubernetes:apps/v1:Deployment", "customer"],
                ["kubernetes:core/v1:Service", "customer-svc"],
                ["kubernetes:networking.k8s.io/v1:NetworkPolicy", "customer-netpol"],
            ]),
        );
        assert.strictEqual(
            objectOf(rec, "kubernetes:apps/v1:Deployment", "customer").spec.replicas,
            1,
        );
        assert.strictEqual(
            rec.get("kubernetes:core/v1:ServiceAccount", "customer-sa").inputs
                .automountServiceAccountToken,
            false,
        );
    });

    it("secures the pod by default and rolls out without dropping requests", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        const d = objectOf(rec, "kubernetes:apps/v1:Deployment", "inventory");
        const pod = d.spec.template.spec;
        const c = pod.containers[0];
        assert.deepStrictEqual(pod.securityContext, {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            fsGroup: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        });
        assert.deepStrictEqual(c.securityContext, {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
        });
        assert.deepStrictEqual(c.volumeMounts, [
            { name: "tmp", mountPath: "/tmp" },
            { name: "config", mountPath: "/app/config", readOnly: true },
        ]);
        assert.deepStrictEqual(pod.volumes, [
            { name: "tmp", emptyDir: { sizeLimit: "256Mi" } },
            { name: "config", configMap: { name: "inventory-config" } },
        ]);
        assert.deepStrictEqual(d.spec.strategy, {
            type: "RollingUpdate",
            rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
        });
        assert.deepStrictEqual(
            [c.lifecycle, pod.terminationGracePeriodSeconds, pod.automountServiceAccountToken],
            [{ preStop: { sleep: { seconds: 5 } } }, 30, false],
        );
        assert.deepStrictEqual(
            [c.livenessProbe.httpGet, c.readinessProbe.httpGet, c.startupProbe],
            [{ path: "/health", port: "http" }, { path: "/ready", port: "http" }, undefined],
        );
        assert.deepStrictEqual(c.ports, [
            { name: "http", containerPort: 8080, protocol: "TCP" },
            { name: "grpc", containerPort: 9090, protocol: "TCP" },
        ]);
        assert.deepStrictEqual(c.resources, {
            requests: { cpu: "250m", memory: "256Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        });
        assert.deepStrictEqual(d.spec.template.metadata.annotations, {
            "prometheus.io/scrape": "true",
            "prometheus.io/port": "8080",
            "prometheus.io/path": "/metrics",
            // its IAM statements come through EKS Pod Identity: the agent is reached past the sidecar
            "traffic.sidecar.istio.io/excludeOutboundIPRanges": "169.254.170.23/32",
        });
    });

    it("calls AWS through its own EKS Pod Identity role; only its secrets reader holds the IRSA role", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        const trust = (name: string) =>
            JSON.parse(String(rec.get("aws:iam/role:Role", name).inputs.assumeRolePolicy))
                .Statement;
        assert.deepStrictEqual(trust("inventory-pod-identity"), [
            {
                Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
                Effect: "Allow",
                Principal: { Service: "pods.eks.amazonaws.com" },
                Action: ["sts:AssumeRole", "sts:TagSession"],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn":
                            "arn:aws:eks:us-west-2:111122223333:cluster/supply-chain-test",
                        "aws:RequestTag/kubernetes-namespace": "supply-chain",
                        "aws:RequestTag/kubernetes-service-account": "inventory",
                    },
                },
            },
        ]);
        assert.deepStrictEqual(
            JSON.parse(
                String(
                    rec.get("aws:iam/rolePolicy:RolePolicy", "inventory-pod-identity-policy").inputs
                        .policy,
                ),
            ).Statement,
            [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::catalog/*"] }],
        );
        const association = rec.get(
            "aws:eks/podIdentityAssociation:PodIdentityAssociation",
            "inventory-pod-identity-association",
        );
        assert.deepStrictEqual(
            [
                association.inputs.clusterName,
                association.inputs.namespace,
                association.inputs.serviceAccount,
            ],
            ["supply-chain-test", "supply-chain", "inventory"],
        );
        assert.strictEqual(
            trust("inventory-irsa")[0].Condition.StringEquals["oidc.eks.x/id/A:sub"],
            "system:serviceaccount:supply-chain:inventory-secrets-reader",
        );
        const deployment = rec.get("kubernetes:apps/v1:Deployment", "inventory");
        assert.ok(
            deployment.dependencies.includes(association.urn),
            "pods start after their association (earlier pods get no credentials)",
        );
    });

    it("labels pods with the recommended labels and selects them with anti-affinity and zone spread", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        const d = objectOf(rec, "kubernetes:apps/v1:Deployment", "inventory");
        const labels: Record<string, string> = d.spec.template.metadata.labels;
        assert.deepStrictEqual(labels, {
            app: "inventory",
            "app.kubernetes.io/name": "inventory",
            "app.kubernetes.io/instance": "inventory",
            "app.kubernetes.io/version": "v1.2.3",
            "app.kubernetes.io/component": "service",
            "app.kubernetes.io/part-of": "supply-chain-platform",
            "app.kubernetes.io/managed-by": "pulumi",
            version: "v1.2.3",
            // the stable subset selects this; it survives image bumps, unlike `version`
            track: "stable",
        });
        const selector = d.spec.selector.matchLabels;
        assert.deepStrictEqual(selector, {
            app: "inventory",
            "app.kubernetes.io/name": "inventory",
        });
        assert.ok(
            Object.entries(selector).every(([k, v]) => (labels as Record<string, string>)[k] === v),
            "the selector matches the pod labels",
        );
        const term =
            d.spec.template.spec.affinity.podAntiAffinity
                .preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm;
        assert.deepStrictEqual(
            [term.topologyKey, term.labelSelector.matchLabels],
            ["kubernetes.io/hostname", selector],
        );
        assert.deepStrictEqual(d.spec.template.spec.topologySpreadConstraints, [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: selector },
            },
        ]);
        assert.deepStrictEqual(
            objectOf(rec, "kubernetes:core/v1:Service", "inventory-svc").spec.selector,
            selector,
        );
    });

    it("leaves replicas to the HPA, with the seed's metrics and behaviours, and sizes the PDB for the HPA floor", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        assert.strictEqual(
            "replicas" in
                (rec.get("kubernetes:apps/v1:Deployment", "inventory").inputs.spec as object),
            false,
        );
        const hpa = objectOf(
            rec,
            "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            "inventory-hpa",
        ).spec;
        assert.deepStrictEqual(
            [hpa.scaleTargetRef, hpa.minReplicas, hpa.maxReplicas],
            [{ apiVersion: "apps/v1", kind: "Deployment", name: "inventory" }, 2, 20],
        );
        assert.deepStrictEqual(hpa.metrics, [
            {
                type: "Resource",
                resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
            },
            {
                type: "Resource",
                resource: {
                    name: "memory",
                    target: { type: "Utilization", averageUtilization: 80 },
                },
            },
            {
                type: "Pods",
                pods: {
                    metric: { name: "http_requests_per_second" },
                    target: { type: "AverageValue", averageValue: "100" },
                },
            },
        ]);
        assert.deepStrictEqual(hpa.behavior.scaleDown, {
            stabilizationWindowSeconds: 300,
            policies: [{ type: "Percent", value: 10, periodSeconds: 60 }],
            selectPolicy: "Min",
        });
        assert.deepStrictEqual(hpa.behavior.scaleUp.policies, [
            { type: "Percent", value: 100, periodSeconds: 15 },
            { type: "Pods", value: 4, periodSeconds: 15 },
        ]);
        assert.deepStrictEqual(
            rec.get("kubernetes:policy/v1:PodDisruptionBudget", "inventory-pdb").inputs.spec,
            {
                maxUnavailable: 1,
                selector: {
                    matchLabels: { app: "inventory", "app.kubernetes.io/name": "inventory" },
                },
            },
        );
    });

    it("exposes named http and grpc ports on a ClusterIP Service", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        assert.deepStrictEqual(
            objectOf(rec, "kubernetes:core/v1:Service", "inventory-svc").spec.ports,
            [
                {
                    name: "http",
                    port: 80,
                    targetPort: "http",
                    protocol: "TCP",
                    appProtocol: "http",
                },
                {
                    name: "grpc",
                    port: 9090,
                    targetPort: "grpc",
                    protocol: "TCP",
                    appProtocol: "grpc",
                },
            ],
        );
    });

    it("admits ingress only from declared callers, the mesh control plane and monitoring", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        const ingress = objectOf(
            rec,
            "kubernetes:networking.k8s.io/v1:NetworkPolicy",
            "inventory-netpol",
        ).spec.ingress;
        const ns = (n: string) => ({
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": n } },
        });
        assert.deepStrictEqual(ingress[0].from, [
            {
                ...ns("supply-chain"),
                podSelector: { matchLabels: { app: "order", "app.kubernetes.io/name": "order" } },
            },
            {
                ...ns("supply-chain"),
                podSelector: {
                    matchLabels: {
                        app: "ml-prediction",
                        "app.kubernetes.io/name": "ml-prediction",
                    },
                },
            },
        ]);
        assert.deepStrictEqual(
            [ingress[1].from, ingress[2].from],
            [[ns("istio-system")], [ns("monitoring")]],
        );
    });

    it("produces only objects that validate against the upstream Kubernetes, External Secrets and Prometheus schemas", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        const validator = new SchemaValidator();
        const manifests = collectManifests(rec.resources);
        assert.strictEqual(manifests.length, 11);
        for (const m of manifests) {
            assert.deepStrictEqual(
                await validator.validate(m.object),
                { status: "valid" },
                `${m.object.kind} ${field(m.object, "metadata", "name")}`,
            );
        }
    });

    it("makes every Kubernetes child wait for platform.mesh.ready, with or without secrets", async () => {
        const rec = freshRecorder();
        const p = provider();
        const mesh = new k8s.core.v1.Namespace("istiod", {}, { provider: p });
        new Microservice("customer", onPlatform({ ...minimal(p), waitFor: [mesh] }));
        await settle();
        const children = rec.resources.filter(
            (r) => r.type.startsWith("kubernetes:") && r.name.startsWith("customer"),
        );
        assert.deepStrictEqual(children.map((r) => r.name).sort(), [
            "customer",
            "customer-netpol",
            "customer-sa",
            "customer-svc",
        ]);
        assert.ok(
            children.every((r) =>
                r.dependencies.includes(rec.get("kubernetes:core/v1:Namespace", "istiod").urn),
            ),
        );
        assert.deepStrictEqual(
            new Microservice("shipping", onPlatform(minimal(p))).egress,
            [],
            "no IAM role and nothing declared: no egress",
        );
    });
});
