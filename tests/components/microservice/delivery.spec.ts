/**
 * A Microservice with `delivery` runs as an Argo Rollouts Rollout: the Deployment's pod template
 * unchanged, the strategy Argo Rollouts needs to shift MeshPolicy's traffic objects, an
 * AnalysisTemplate on the canary's Istio metrics, and HPA/PDB on the Rollout.
 */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import {
    ANALYSIS_WINDOW,
    buildAnalysisTemplate,
    latencyP99Query,
    successRateQuery,
} from "../../../components/microservice/analysis";
import {
    buildRollout,
    DeliveryArgs,
    resolveDelivery,
    workloadRef,
} from "../../../components/microservice/delivery";
import { Microservice, resolveMicroservice } from "../../../components/microservice";
import { buildDeployment } from "../../../components/microservice/spec";
import { field } from "../../../lib/kubernetes";
import { buildVpa } from "../../../components/ml-workload/spec";
import { collectManifests } from "../../../tools/offline/render";
import { SchemaValidator } from "../../../tools/offline/schemas";
import { freshRecorder, settle } from "../../helpers/pulumi";
import { onPlatform, ServiceCase } from "../../helpers/platform";
import { promqlErrors } from "../../helpers/promql";

const PROMETHEUS = "http://kube-prometheus-stack-prometheus.monitoring.svc:9090";

/** The seed's canary: 10% then 50% then 100% with pauses, header route `version: v2`. */
const canary: DeliveryArgs = {
    strategy: "canary",
    steps: [
        { setWeight: 10 },
        { pause: { duration: "5m" } },
        { setWeight: 50 },
        { pause: { duration: "10m" } },
        { setWeight: 100 },
    ],
    headerRoute: { name: "version", exact: "v2" },
    traffic: {
        virtualServices: [
            { name: "inventory", routes: ["idempotent", "default"] },
            { name: "inventory-ingress", routes: ["idempotent", "default"] },
        ],
        destinationRule: "inventory",
    },
    prometheusUrl: PROMETHEUS,
};

function inventory(provider: k8s.Provider, delivery: DeliveryArgs = canary): ServiceCase {
    return {
        provider,
        namespace: "supply-chain",
        image: "registry.example.com/inventory-service:v1.3.0",
        autoscaling: { minReplicas: 2, maxReplicas: 20 },
        resources: {
            requests: { cpu: "250m", memory: "256Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        },
        delivery,
    };
}

const provider = () => new k8s.Provider("k", { kubeconfig: "{}" });

describe("Microservice with delivery", () => {
    const r = resolveMicroservice("inventory", onPlatform(inventory(undefined as never)));
    const d = r.delivery!;

    it("runs the Deployment's pod template, selector and replica handling as a Rollout", () => {
        const deployment = buildDeployment(r);
        const rollout = buildRollout(r, d, deployment);
        assert.strictEqual(rollout.apiVersion, "argoproj.io/v1alpha1");
        assert.strictEqual(rollout.kind, "Rollout");
        assert.deepStrictEqual(rollout.metadata, deployment.metadata);
        assert.deepStrictEqual(rollout.spec.selector, deployment.spec.selector);
        assert.strictEqual("replicas" in rollout.spec, false, "the HPA owns the count");
        assert.deepStrictEqual(rollout.spec.template.spec, deployment.spec.template.spec);
        const labels = Object.fromEntries(
            Object.entries(deployment.spec.template.metadata.labels).filter(([k]) => k !== "track"),
        );
        assert.deepStrictEqual(rollout.spec.template.metadata.labels, labels);
        assert.strictEqual("track" in rollout.spec.template.metadata.labels, false);
    });

    it("shifts MeshPolicy's routes and subsets, adds the header route after the first weight and analyses from the start", () => {
        const rollout = buildRollout(r, d, buildDeployment(r));
        assert.deepStrictEqual(rollout.spec.strategy, {
            canary: {
                canaryMetadata: { labels: { track: "canary" } },
                stableMetadata: { labels: { track: "stable" } },
                maxSurge: "25%",
                maxUnavailable: 0,
                abortScaleDownDelaySeconds: 30,
                trafficRouting: {
                    managedRoutes: [{ name: "canary-by-header" }],
                    istio: {
                        virtualServices: [
                            { name: "inventory", routes: ["idempotent", "default"] },
                            { name: "inventory-ingress", routes: ["idempotent", "default"] },
                        ],
                        destinationRule: {
                            name: "inventory",
                            canarySubsetName: "canary",
                            stableSubsetName: "stable",
                        },
                    },
                },
                analysis: {
                    templates: [{ templateName: "inventory-canary" }],
                    args: [
                        {
                            name: "canary-version",
                            valueFrom: {
                                fieldRef: { fieldPath: "spec.template.metadata.labels.version" },
                            },
                        },
                    ],
                    startingStep: 0,
                },
                steps: [
                    { setWeight: 10 },
                    {
                        setHeaderRoute: {
                            name: "canary-by-header",
                            match: [{ headerName: "version", headerValue: { exact: "v2" } }],
                        },
                    },
                    { pause: { duration: "5m" } },
                    { setWeight: 50 },
                    { pause: { duration: "10m" } },
                    { setWeight: 100 },
                ],
            },
        });
    });

    it("analyses the canary's success rate and p99 latency from Istio metrics, failing past failureLimit", () => {
        const template = buildAnalysisTemplate(r, d);
        const selector =
            'reporter="destination",destination_workload_namespace="supply-chain",destination_workload="inventory",destination_canonical_revision="{{args.canary-version}}"';
        assert.strictEqual(
            successRateQuery(r),
            `scalar(sum(rate(istio_requests_total{${selector},response_code!~"5.."}[2m])) / sum(rate(istio_requests_total{${selector}}[2m])))`,
        );
        assert.strictEqual(
            latencyP99Query(r),
            `scalar(histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${selector}}[2m]))))`,
        );
        for (const q of [successRateQuery(r), latencyP99Query(r)]) {
            assert.deepStrictEqual(promqlErrors(q), [], q);
        }
        assert.deepStrictEqual(template.spec.args, [{ name: "canary-version" }]);
        assert.deepStrictEqual(
            template.spec.metrics.map((m) => [
                m.name,
                m.successCondition,
                m.failureCondition,
                m.failureLimit,
                m.interval,
                m.initialDelay,
                m.provider.prometheus.address,
            ]),
            [
                [
                    "success-rate",
                    "result >= 0.99",
                    "result < 0.99",
                    1,
                    "1m",
                    ANALYSIS_WINDOW,
                    PROMETHEUS,
                ],
                [
                    "latency-p99",
                    "result <= 500",
                    "result > 500",
                    1,
                    "1m",
                    ANALYSIS_WINDOW,
                    PROMETHEUS,
                ],
            ],
        );
    });

    it("takes the thresholds from the delivery args", () => {
        const custom = resolveDelivery({
            ...canary,
            analysis: { successRate: 0.995, latencyP99Ms: 250, interval: "30s", failureLimit: 2 },
        });
        const metrics = buildAnalysisTemplate(r, custom).spec.metrics;
        assert.deepStrictEqual(
            metrics.map((m) => [m.successCondition, m.failureLimit, m.interval]),
            [
                ["result >= 0.995", 2, "30s"],
                ["result <= 250", 2, "30s"],
            ],
        );
    });

    it("creates a Rollout and its AnalysisTemplate instead of a Deployment; the HPA scales the Rollout", async () => {
        const rec = freshRecorder();
        const crds = new k8s.core.v1.Namespace(
            "crds",
            { metadata: { name: "argo-rollouts" } },
            { provider: provider() },
        );
        new Microservice(
            "inventory",
            onPlatform({
                ...inventory(provider()),
                crds: { argoRollouts: [crds] },
            }),
        );
        await settle();
        assert.strictEqual(rec.ofType("kubernetes:apps/v1:Deployment").length, 0);
        const rollout = rec.get("kubernetes:argoproj.io/v1alpha1:Rollout", "inventory-rollout");
        const analysis = rec.get(
            "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate",
            "inventory-analysis",
        );
        const ns = rec.get("kubernetes:core/v1:Namespace", "crds").urn;
        assert.ok(
            rollout.dependencies.includes(ns),
            "the Rollout waits for the Argo Rollouts CRDs",
        );
        assert.ok(rollout.dependencies.includes(analysis.urn), "and for its AnalysisTemplate");
        assert.ok(analysis.dependencies.includes(ns));
        const hpa = rec.get("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "inventory-hpa");
        assert.deepStrictEqual((hpa.inputs.spec as Record<string, unknown>).scaleTargetRef, {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Rollout",
            name: "inventory",
        });
        assert.ok(hpa.dependencies.includes(rollout.urn));
        const pdb = rec.get("kubernetes:policy/v1:PodDisruptionBudget", "inventory-pdb");
        assert.deepStrictEqual((pdb.inputs.spec as Record<string, unknown>).selector, {
            matchLabels: { app: "inventory", "app.kubernetes.io/name": "inventory" },
        });
        const validator = new SchemaValidator();
        for (const m of collectManifests(rec.resources)) {
            assert.deepStrictEqual(
                await validator.validate(m.object),
                { status: "valid" },
                `${m.object.kind} ${field(m.object, "metadata", "name")}`,
            );
        }
    });

    it("runs blue-green behind a preview Service whose selectors Argo Rollouts owns", async () => {
        const rec = freshRecorder();
        const ignored: Record<string, string[] | undefined> = {};
        new Microservice(
            "order",
            onPlatform({
                ...inventory(provider(), { strategy: "blueGreen", prometheusUrl: PROMETHEUS }),
            }),
            { transformations: [(a) => void (ignored[a.name] = a.opts.ignoreChanges)] },
        );
        await settle();
        const rollout = rec.get("kubernetes:argoproj.io/v1alpha1:Rollout", "order-rollout");
        const strategy = field(rollout.inputs, "spec", "strategy");
        assert.deepStrictEqual(strategy, {
            blueGreen: {
                activeService: "order",
                previewService: "order-preview",
                activeMetadata: { labels: { track: "stable" } },
                previewMetadata: { labels: { track: "canary" } },
                autoPromotionEnabled: false,
                prePromotionAnalysis: {
                    templates: [{ templateName: "order-canary" }],
                    args: [
                        {
                            name: "canary-version",
                            valueFrom: {
                                fieldRef: { fieldPath: "spec.template.metadata.labels.version" },
                            },
                        },
                    ],
                },
                scaleDownDelaySeconds: 30,
                abortScaleDownDelaySeconds: 30,
            },
        });
        const preview = rec.get("kubernetes:core/v1:Service", "order-preview-svc");
        assert.strictEqual((preview.inputs.metadata as { name: string }).name, "order-preview");
        assert.deepStrictEqual(ignored["order-svc"], ["spec.selector"]);
        assert.deepStrictEqual(ignored["order-preview-svc"], ["spec.selector"]);
    });

    it("refuses a canary without the traffic objects it shifts", () => {
        assert.throws(
            () =>
                new Microservice(
                    "inventory",
                    onPlatform({
                        ...inventory(provider(), { ...canary, traffic: undefined }),
                    }),
                ),
            {
                message:
                    "Microservice 'inventory': `delivery.traffic` must name the VirtualService routes and DestinationRule the canary shifts (MeshPolicy's), got undefined",
            },
        );
    });

    it("fails when the canary lists no VirtualService to shift", () => {
        const traffic = { ...canary.traffic!, virtualServices: [] };
        assert.throws(
            () =>
                new Microservice(
                    "inventory",
                    onPlatform(inventory(provider(), { ...canary, traffic })),
                ),
            {
                message:
                    "Microservice 'inventory': `delivery.traffic.virtualServices` must list at least one VirtualService (every one that carries the service's traffic), got []",
            },
        );
    });

    it("names the workload the HPA and VPA target", () => {
        assert.deepStrictEqual(workloadRef("inventory", canary), {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Rollout",
            name: "inventory",
        });
        assert.deepStrictEqual(workloadRef("inventory"), {
            apiVersion: "apps/v1",
            kind: "Deployment",
            name: "inventory",
        });
        const vpa = buildVpa(
            "ml",
            "supply-chain",
            "v1",
            {
                updateMode: "Initial",
                minAllowed: { cpu: "1", memory: "1Gi" },
                maxAllowed: { cpu: "2", memory: "2Gi" },
            },
            workloadRef("ml", canary),
        );
        assert.deepStrictEqual(vpa.spec.targetRef, workloadRef("ml", canary));
    });
});
