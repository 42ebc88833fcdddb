/**
 * Stack tests: the real program (`index.ts`) evaluated under mocks with each committed stack file.
 * Not proven here: what pulumi-eks creates inside its remote components (opaque under mocks).
 */
import * as assert from "assert";

import { evaluateProgram } from "../../tools/offline/evaluate";
import { field } from "../../lib/kubernetes";
import { objectOf, objectsOf } from "../helpers/views";
import { stackConfig } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";

const evaluate = evaluatedStack;

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}`, () => {
        it("registers the cluster, Karpenter's controller group (tainted CriticalAddonsOnly) and NodePools (ml tainted), the KMS key and the add-ons", async () => {
            const { recorder } = await evaluate(stack);
            const names = (type: string) =>
                recorder
                    .ofType(type)
                    .map((r) => r.name)
                    .sort();
            assert.deepStrictEqual(names("platform:cluster:Cluster"), ["platform"]);
            assert.deepStrictEqual(names("eks:index:Cluster"), ["platform-eks"]);
            assert.deepStrictEqual(names("eks:index:ManagedNodeGroup"), ["platform-karpenter"]);
            assert.deepStrictEqual(
                recorder.get("eks:index:ManagedNodeGroup", "platform-karpenter").inputs.taints,
                [{ key: "CriticalAddonsOnly", value: "true", effect: "NO_SCHEDULE" }],
            );
            assert.deepStrictEqual(
                names("kubernetes:karpenter.sh/v1:NodePool"),
                stack === "production"
                    ? ["nodes-general", "nodes-gpu", "nodes-ml"]
                    : ["nodes-general", "nodes-ml"],
            );
            const taints = (pool: string) =>
                (
                    recorder.get("kubernetes:karpenter.sh/v1:NodePool", pool).inputs as {
                        spec: { template: { spec: { taints: unknown } } };
                    }
                ).spec.template.spec.taints;
            assert.deepStrictEqual(taints("nodes-ml"), [
                { key: "workload", value: "ml", effect: "NoSchedule" },
            ]);
            assert.deepStrictEqual(taints("nodes-general"), []);
            assert.deepStrictEqual(names("aws:kms/key:Key"), [
                "inventory-data-key",
                "order-data-key",
                "payment-data-key",
                "platform-secrets-key",
            ]);
            assert.deepStrictEqual(names("platform:cluster:ClusterAddons"), ["platform-addons"]);
            assert.deepStrictEqual(names("kubernetes:helm.sh/v4:Chart"), [
                "nodes",
                "platform-addons-argo-rollouts",
                "platform-addons-aws-load-balancer-controller",
                "platform-addons-external-secrets",
                "platform-addons-fluent-bit",
                "platform-addons-ingress-gateway",
                "platform-addons-istio-base",
                "platform-addons-istio-cni",
                "platform-addons-istiod",
                "platform-addons-metrics-server",
                "platform-addons-monitoring",
                ...(stack === "production" ? ["platform-addons-nvidia-device-plugin-gpu"] : []),
                "platform-addons-otel-collector",
                "platform-addons-prometheus-adapter",
            ]);
            assert.deepStrictEqual(names("kubernetes:helm.sh/v3:Release"), ["platform-addons-vpa"]);
        });

        it("exports the cluster name, a secret kubeconfig, the OIDC provider and node group names", async () => {
            const { outputs } = await evaluate(stack);
            assert.deepStrictEqual(Object.keys(outputs).sort(), [
                "clusterName",
                "datastoreEndpoints",
                "ingressHealthUrl",
                "ingressHosts",
                "ingressLoadBalancer",
                "kubeconfig",
                "modelServerNames",
                "nodeGroupNames",
                "nodePoolNames",
                "oidcProviderArn",
                "platformFacts",
                "serviceNames",
            ]);
            assert.strictEqual(outputs.clusterName, `supply-chain-${stack}`);
            assert.deepStrictEqual(outputs.nodeGroupNames, {
                karpenter: `supply-chain-${stack}-karpenter`,
            });
            assert.deepStrictEqual(outputs.modelServerNames, ["ml-prediction"]);
        });

        it("creates the five seed services in supply-chain with the seed's call graph", async () => {
            const { recorder, outputs } = await evaluate(stack);
            assert.deepStrictEqual(outputs.serviceNames, [
                "inventory",
                "order",
                "shipping",
                "payment",
                "customer",
            ]);
            assert.deepStrictEqual(
                objectsOf(recorder, "kubernetes:core/v1:Namespace")
                    .map((n) => n.object.metadata.name)
                    .sort(),
                [
                    "argo-rollouts",
                    "external-secrets",
                    "istio-cni",
                    "istio-ingress",
                    "istio-system",
                    "logging",
                    "monitoring",
                    "monitoring-node-exporter",
                    ...(stack === "production" ? ["nvidia-device-plugin"] : []),
                    "supply-chain",
                    "tracing",
                ],
            );
            const callers = Object.fromEntries(
                objectsOf(recorder, "kubernetes:networking.k8s.io/v1:NetworkPolicy").map((n) => [
                    n.object.metadata.name,
                    (n.object.spec.ingress[0].from ?? [])
                        // Callers inside the namespace; the ingress gateway: ingress.spec.ts.
                        .filter(
                            (f) =>
                                f.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] ===
                                "supply-chain",
                        )
                        .map((f) => f.podSelector?.matchLabels.app)
                        .filter(Boolean),
                ]),
            );
            // order calls inventory, payment, shipping and customer; shipping calls order.
            // ...and ml-prediction calls inventory; nobody calls ml-prediction.
            assert.deepStrictEqual(callers, {
                inventory: ["order", "ml-prediction"],
                order: ["shipping"],
                shipping: ["order"],
                payment: ["order"],
                customer: ["order"],
                "ml-prediction": [],
            });
            assert.ok(
                objectsOf(recorder, "kubernetes:apps/v1:Deployment").every(
                    (d) => d.object.metadata.namespace === "supply-chain",
                ),
            );
        });

        it("gives every resource a unique URN and every Kubernetes object an explicit provider", async () => {
            const { recorder } = await evaluate(stack);
            const urns = recorder.resources.map((r) => r.urn);
            assert.strictEqual(new Set(urns).size, urns.length);
            const kube = recorder.resources.filter((r) => r.type.startsWith("kubernetes:"));
            assert.deepStrictEqual(
                kube
                    .filter(
                        (r) => !r.provider.includes("pulumi:providers:kubernetes::platform-k8s"),
                    )
                    .map((r) => r.name),
                [],
            );
        });
    });
}

describe("an invalid stack config", () => {
    it("fails with the config message before any resource is registered", async () => {
        const broken = stackConfig("staging");
        const cluster = JSON.parse(broken.config["supply-chain-platform:cluster"]);
        cluster.nodeGroups.karpenter.maxSize = -1;
        const config = {
            ...broken.config,
            "supply-chain-platform:cluster": JSON.stringify(cluster),
        };
        let recorded = -1;
        await assert.rejects(
            evaluateProgram(
                { ...broken, config },
                undefined,
                (r) => (recorded = r.resources.length),
            ),
            {
                name: "ConfigError",
                message:
                    "supply-chain-platform:cluster.nodeGroups.karpenter.maxSize must be >= minSize (2), got -1",
            },
        );
        assert.strictEqual(recorded, 0, "no resource was registered");
    });
});

describe("stacks differ where environments differ", () => {
    it("staging runs fixed small replica counts, smaller resources and newer images; production autoscales", async () => {
        const view = async (stack: string) => {
            const rec = (await evaluate(stack)).recorder;
            const deployments = objectsOf(rec, "kubernetes:apps/v1:Deployment");
            // A service released with `delivery` (inventory) runs a Rollout instead of a Deployment,
            // with the same pod template, replicas and metadata.
            const rollouts = rec.ofType("kubernetes:argoproj.io/v1alpha1:Rollout").map((r) => ({
                name: r.name,
                object: r.inputs as unknown as (typeof deployments)[number]["object"],
            }));
            return [...deployments, ...rollouts]
                .filter(
                    (d) => d.object.metadata.labels["app.kubernetes.io/component"] === "service",
                )
                .map((d) => {
                    const spec = d.object.spec;
                    const c = spec.template.spec.containers[0];
                    return [
                        d.object.metadata.name,
                        spec.replicas,
                        c.resources.requests.cpu,
                        c.image.split(":").pop(),
                    ];
                })
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
        };
        assert.deepStrictEqual(await view("staging"), [
            ["customer", 2, "100m", "v1.5.2"],
            ["inventory", 2, "100m", "v1.3.0"],
            ["order", 2, "100m", "v2.4.0"],
            ["payment", 2, "100m", "v3.1.0"],
            ["shipping", 2, "100m", "v1.8.1"],
        ]);
        assert.deepStrictEqual(await view("production"), [
            ["customer", undefined, "250m", "v1.5.1"],
            ["inventory", undefined, "250m", "v1.2.3"],
            ["order", undefined, "250m", "v2.3.1"],
            ["payment", undefined, "250m", "v3.0.4"],
            ["shipping", undefined, "250m", "v1.8.0"],
        ]);
        assert.deepStrictEqual(
            (await evaluate("staging")).recorder.ofType(
                "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            ),
            [],
        );
        assert.strictEqual(
            (await evaluate("production")).recorder.ofType(
                "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
            ).length,
            5,
        );
    });

    it("production has more nodes, a private endpoint, one NAT per zone and protection", async () => {
        const staging = (await evaluate("staging")).recorder;
        const production = (await evaluate("production")).recorder;
        const pick = (r: typeof staging) => ({
            // the ceiling of the general NodePool (Karpenter provisions up to its limits)
            generalCpuLimit: (
                r.get("kubernetes:karpenter.sh/v1:NodePool", "nodes-general").inputs as {
                    spec: { limits: { cpu: string } };
                }
            ).spec.limits.cpu,
            publicEndpoint: r.get("eks:index:Cluster", "platform-eks").inputs.endpointPublicAccess,
            nats: r.ofType("aws:ec2/natGateway:NatGateway").length,
            protect: r.get("eks:index:Cluster", "platform-eks").protect,
        });
        assert.deepStrictEqual(pick(staging), {
            generalCpuLimit: "16",
            publicEndpoint: true,
            nats: 1,
            protect: false,
        });
        assert.deepStrictEqual(pick(production), {
            generalCpuLimit: "48",
            publicEndpoint: false,
            nats: 3,
            protect: true,
        });
    });
});

describe("mesh policy in the stacks", () => {
    for (const stack of ["staging", "production"]) {
        it(`${stack}: STRICT mTLS and allow-nothing in supply-chain, and an ALLOW policy per service for its declared callers`, async () => {
            const { recorder } = await evaluate(stack);
            assert.deepStrictEqual(
                objectOf(
                    recorder,
                    "kubernetes:security.istio.io/v1:PeerAuthentication",
                    "apps-mesh-peer-authn",
                ).spec?.mtls,
                { mode: "STRICT" },
            );
            assert.deepStrictEqual(
                recorder.get(
                    "kubernetes:security.istio.io/v1:AuthorizationPolicy",
                    "apps-mesh-allow-nothing",
                ).inputs.spec,
                {},
            );
            const allowed = Object.fromEntries(
                objectsOf(recorder, "kubernetes:security.istio.io/v1:AuthorizationPolicy")
                    .filter((p) => p.name.endsWith("-mesh-authz"))
                    .map((p) => [
                        p.object.metadata?.name,
                        p.object.spec!.rules!.map((r) =>
                            r.from![0].source!.principals![0].split("/").pop(),
                        ),
                    ]),
            );
            // istio-ingress: the ingress gateway, on exposed paths only (tests/stacks/ingress.spec.ts).
            assert.deepStrictEqual(allowed, {
                inventory: ["order", "ml-prediction", "istio-ingress", "admin-sa"],
                "ml-prediction": ["admin-sa"],
                order: ["shipping", "istio-ingress", "admin-sa"],
                shipping: ["order", "istio-ingress", "admin-sa"],
                payment: ["order", "istio-ingress", "admin-sa"],
                customer: ["order", "istio-ingress", "admin-sa"],
            });
        });
    }

    it("injects faults only in staging", async () => {
        const faults = async (stack: string) =>
            objectsOf(
                (await evaluate(stack)).recorder,
                "kubernetes:networking.istio.io/v1:VirtualService",
            )
                .filter((v) => v.object.spec!.http!.some((h) => h.fault))
                .map((v) => v.name);
        assert.deepStrictEqual(await faults("staging"), ["inventory-mesh-vs"]);
        assert.deepStrictEqual(await faults("production"), []);
    });
});

describe("ML serving in the stacks", () => {
    it("resolves the seed's GPU contradiction: CPU serving on the spot ML pool in staging, GPUs in production", async () => {
        const view = async (stack: string) => {
            const { recorder } = await evaluate(stack);
            const pod = objectOf(recorder, "kubernetes:apps/v1:Deployment", "ml-prediction").spec
                .template.spec;
            return [
                pod.containers[0].resources.limits["nvidia.com/gpu"],
                pod.tolerations.map((t) => `${t.key}=${t.value}:${t.effect}`),
                pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
                    .nodeSelectorTerms[0].matchExpressions[0].values,
            ];
        };
        assert.deepStrictEqual(await view("staging"), [
            undefined,
            ["workload=ml:NoSchedule"],
            ["ml-processing"],
        ]);
        assert.deepStrictEqual(await view("production"), [
            "1",
            ["nvidia.com/gpu=true:NoSchedule"],
            ["ml-gpu"],
        ]);
    });

    it("records the served model as an MLModel after the CRD, in both stacks", async () => {
        for (const stack of ["staging", "production"]) {
            const { recorder } = await evaluate(stack);
            const model = recorder.get(
                "kubernetes:ml.supplychain.io/v1:MLModel",
                "ml-prediction-model",
            );
            assert.ok(
                model.dependencies.includes(
                    recorder.get(
                        "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
                        "ml-models-crd",
                    ).urn,
                ),
            );
            assert.strictEqual(field(model.inputs, "spec", "modelName"), "demand-forecasting");
        }
    });
});
