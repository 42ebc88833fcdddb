import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import Ajv from "ajv";
import addFormats from "ajv-formats";

import { AWAIT_TIMEOUT_ANNOTATION } from "../../../components/microservice/spec";
import {
    gpuAwait,
    MLModelCrd,
    mlModelSchema,
    MLWorkload,
    validateMLWorkloadArgs,
} from "../../../components/ml-workload";
import { DEFAULT_NODE_GROUPS } from "../../../config";
import { collectManifests } from "../../../tools/offline/render";
import { SchemaValidator } from "../../../tools/offline/schemas";
import { freshRecorder, settle, typeNames } from "../../helpers/pulumi";
import { ModelCase, onPlatform } from "../../helpers/platform";
import { objectOf } from "../../helpers/views";
import { field } from "../../../lib/kubernetes";

/** The ML node group exactly as the Cluster exposes the seed's default. */
const mlGroup = {
    name: "ml",
    ...DEFAULT_NODE_GROUPS.ml,
    labels: { ...DEFAULT_NODE_GROUPS.ml.labels },
    taints: [...DEFAULT_NODE_GROUPS.ml.taints],
    instanceTypes: [...DEFAULT_NODE_GROUPS.ml.instanceTypes],
};
const gpuGroup = {
    ...mlGroup,
    name: "gpu",
    gpu: true,
    labels: { workload: "ml-gpu" },
    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" as const }],
};

function seedModel(p: k8s.Provider, crd: MLModelCrd, gpu = 0): ModelCase {
    return {
        provider: p,
        namespace: "supply-chain",
        image: "registry.example.com/ml-prediction-service:v2.1.0",
        model: {
            name: "demand-forecasting",
            version: "v2.1.0",
            framework: "tensorflow",
            replicas: 3,
        },
        resources: {
            requests: { cpu: "1000m", memory: "2Gi" },
            limits: { cpu: "2", memory: "4Gi" },
        },
        gpu,
        nodeGroups: { ml: mlGroup, gpu: gpuGroup },
        nodeGroup: gpu ? "gpu" : "ml",
        mlModelCrd: crd.crd,
        monitoring: true,
    };
}

/** The seed's example MLModel, verbatim in substance. */
const SEED_MLMODEL = {
    apiVersion: "ml.supplychain.io/v1",
    kind: "MLModel",
    metadata: { name: "demand-forecasting-v2", namespace: "supply-chain" },
    spec: {
        modelName: "demand-forecasting",
        modelVersion: "v2.1.0",
        framework: "tensorflow",
        resourceRequirements: { memory: "2Gi", cpu: "1000m", gpu: "1" },
        replicas: 3,
    },
};

describe("MLModel CRD", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(mlModelSchema());

    it("accepts the seed's demand-forecasting example", () => {
        assert.strictEqual(validate(SEED_MLMODEL), true, ajv.errorsText(validate.errors));
    });

    it("rejects an unknown framework, replicas outside 1..10 and a bad status", () => {
        const bad = {
            ...structuredClone(SEED_MLMODEL),
            status: { deploymentStatus: "done", lastUpdated: "yesterday" },
        };
        bad.spec.framework = "keras";
        bad.spec.replicas = 11;
        assert.strictEqual(validate(bad), false);
        assert.deepStrictEqual(
            validate.errors!.map((e) => `${e.instancePath} ${e.message}`).sort(),
            [
                "/spec/framework must be equal to one of the allowed values",
                "/spec/replicas must be <= 10",
                "/status/deploymentStatus must be equal to one of the allowed values",
                '/status/lastUpdated must match format "date-time"',
            ],
        );
    });

    it("registers mlmodels.ml.supplychain.io once, namespaced, with status and printer columns", async () => {
        const rec = freshRecorder();
        new MLModelCrd("ml-models", { provider: new k8s.Provider("k", { kubeconfig: "{}" }) });
        await settle();
        const crd = objectOf(
            rec,
            "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
            "ml-models-crd",
        );
        assert.deepStrictEqual(
            [
                crd.metadata.name,
                crd.spec.scope,
                crd.spec.versions[0].name,
                crd.spec.versions[0].subresources,
            ],
            ["mlmodels.ml.supplychain.io", "Namespaced", "v1", { status: {} }],
        );
        assert.deepStrictEqual(
            crd.spec.versions[0].additionalPrinterColumns.map((c) => c.name),
            ["Model", "Version", "Framework", "Replicas", "Status", "Age"],
        );
    });
});

describe("MLWorkload", () => {
    it("creates exactly the MLModel, the model server (Microservice), the VPA and the alerts", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        const crd = new MLModelCrd("ml-models", { provider: p });
        new MLWorkload("ml-prediction", onPlatform(seedModel(p, crd)));
        await settle();
        const ml = rec.get("platform:ml:MLWorkload", "ml-prediction");
        assert.deepStrictEqual(
            typeNames(rec.resources.filter((r) => r.parent === ml.urn)),
            typeNames(
                [
                    ["kubernetes:ml.supplychain.io/v1:MLModel", "ml-prediction-model"],
                    ["platform:apps:Microservice", "ml-prediction"],
                    ["kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", "ml-prediction-vpa"],
                    ["kubernetes:monitoring.coreos.com/v1:PrometheusRule", "ml-prediction-alerts"],
                ].map(([type, name]) => ({ type, name }) as never),
            ),
        );
        const model = rec.get("kubernetes:ml.supplychain.io/v1:MLModel", "ml-prediction-model");
        assert.ok(
            model.dependencies.includes(
                rec.get(
                    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
                    "ml-models-crd",
                ).urn,
            ),
            "the MLModel is ordered after its CRD",
        );
        assert.deepStrictEqual(model.inputs.spec, {
            modelName: "demand-forecasting",
            modelVersion: "v2.1.0",
            framework: "tensorflow",
            resourceRequirements: { cpu: "1000m", memory: "2Gi" },
            replicas: 3,
        });
        assert.strictEqual(
            rec.ofType("kubernetes:policy/v1:PodDisruptionBudget").length,
            1,
            "a PDB, so one spot interruption never takes every replica",
        );
    });

    it("schedules onto the ML pool with a toleration and node affinity derived from the node group", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MLWorkload(
            "ml-prediction",
            onPlatform(seedModel(p, new MLModelCrd("ml-models", { provider: p }))),
        );
        await settle();
        const pod = objectOf(rec, "kubernetes:apps/v1:Deployment", "ml-prediction").spec.template
            .spec;
        assert.deepStrictEqual(pod.tolerations, [
            { key: "workload", operator: "Equal", value: "ml", effect: "NoSchedule" },
        ]);
        assert.deepStrictEqual(pod.affinity.nodeAffinity, {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                    {
                        matchExpressions: [
                            { key: "workload", operator: "In", values: ["ml-processing"] },
                        ],
                    },
                ],
            },
        });
        assert.deepStrictEqual(
            [pod.terminationGracePeriodSeconds, pod.topologySpreadConstraints[0].topologyKey],
            [90, "topology.kubernetes.io/zone"],
        );
        assert.strictEqual(
            objectOf(rec, "kubernetes:apps/v1:Deployment", "ml-prediction").spec.replicas,
            3,
        );
    });

    it("asks for GPUs on a GPU pool and records them on the MLModel", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MLWorkload(
            "ml-prediction",
            onPlatform(seedModel(p, new MLModelCrd("ml-models", { provider: p }), 1)),
        );
        await settle();
        const pod = objectOf(rec, "kubernetes:apps/v1:Deployment", "ml-prediction").spec.template
            .spec;
        assert.deepStrictEqual(pod.containers[0].resources.limits, {
            cpu: "2",
            memory: "4Gi",
            "nvidia.com/gpu": "1",
        });
        assert.deepStrictEqual(pod.tolerations, [
            { key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" },
        ]);
        assert.strictEqual(
            field(
                rec.get("kubernetes:ml.supplychain.io/v1:MLModel", "ml-prediction-model").inputs,
                "spec",
                "resourceRequirements",
                "gpu",
            ),
            "1",
        );
    });

    it("gives a GPU model server's Deployment a rollout-long await and progress deadline, a CPU one the defaults", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        const crd = new MLModelCrd("ml-models", { provider: p });
        new MLWorkload("gpu-model", onPlatform(seedModel(p, crd, 1)));
        new MLWorkload("cpu-model", onPlatform(seedModel(p, crd, 0)));
        await settle();
        const view = (name: string) => {
            const d = objectOf(rec, "kubernetes:apps/v1:Deployment", name);
            return [
                d.metadata.annotations?.[AWAIT_TIMEOUT_ANNOTATION],
                d.spec.progressDeadlineSeconds,
            ];
        };
        // 3 replicas, 90 s grace: 360 + 360 + 180 for the first pod, 90 + 360 + 180 for each other.
        assert.deepStrictEqual(view("gpu-model"), ["2160", 900]);
        assert.deepStrictEqual(view("cpu-model"), [undefined, undefined]);
    });

    it("sizes the model server with the seed's VPA (Auto, 500m/1Gi to 4/8Gi) and never the istio-proxy sidecar", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MLWorkload(
            "ml-prediction",
            onPlatform(seedModel(p, new MLModelCrd("ml-models", { provider: p }))),
        );
        await settle();
        assert.deepStrictEqual(
            rec.get("kubernetes:autoscaling.k8s.io/v1:VerticalPodAutoscaler", "ml-prediction-vpa")
                .inputs.spec,
            {
                targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "ml-prediction" },
                updatePolicy: { updateMode: "Auto" },
                resourcePolicy: {
                    containerPolicies: [
                        {
                            containerName: "ml-prediction",
                            minAllowed: { cpu: "500m", memory: "1Gi" },
                            maxAllowed: { cpu: "4", memory: "8Gi" },
                            controlledResources: ["cpu", "memory"],
                        },
                        { containerName: "istio-proxy", mode: "Off" },
                    ],
                },
            },
        );
    });

    it("alerts on prediction latency, error rate and accuracy", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MLWorkload(
            "ml-prediction",
            onPlatform(seedModel(p, new MLModelCrd("ml-models", { provider: p }))),
        );
        await settle();
        const rules = objectOf(
            rec,
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
            "ml-prediction-alerts",
        ).spec!.groups![0].rules!;
        assert.deepStrictEqual(
            rules.map((r) => r.alert),
            ["prediction_latency_high", "prediction_error_rate_high", "model_accuracy_degraded"],
        );
    });

    it("produces standard objects valid against upstream schemas and an MLModel valid against its CRD", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        new MLWorkload(
            "ml-prediction",
            onPlatform(seedModel(p, new MLModelCrd("ml-models", { provider: p }), 1)),
        );
        await settle();
        const validator = new SchemaValidator();
        const manifests = collectManifests(rec.resources);
        validator.registerCrds(manifests.map((m) => m.object));
        const results = await Promise.all(
            manifests.map(async (m) => [
                m.object.kind,
                (await validator.validate(m.object)).status,
            ]),
        );
        assert.deepStrictEqual(
            results.filter(([, s]) => s !== "valid"),
            [["VerticalPodAutoscaler", "no-schema"]],
        );
        assert.strictEqual(results.length, 10);
    });

    describe("validateMLWorkloadArgs", () => {
        const p = {} as k8s.Provider;
        const crd = {} as MLModelCrd;
        const base = () => seedModel(p, { crd: {} } as never);
        const cases: [
            string,
            (a: { -readonly [K in keyof ModelCase]: ModelCase[K] }) => void,
            string,
        ][] = [
            [
                "replicas are above 10",
                (a) => (a.model = { ...a.model, replicas: 11 }),
                "MLWorkload 'm': `model.replicas` must be an integer between 1 and 10, got 11",
            ],
            [
                "the framework is unknown",
                (a) => (a.model = { ...a.model, framework: "keras" as never }),
                "MLWorkload 'm': `model.framework` must be one of tensorflow, pytorch, sklearn, got \"keras\"",
            ],
            [
                "a GPU is requested on a CPU-only group",
                (a) => (a.gpu = 1),
                "MLWorkload 'm': `gpu` needs a GPU node group, but node group ml has no GPUs, got 1",
            ],
            [
                "the VPA minimum exceeds its maximum",
                (a) =>
                    (a.vpa = {
                        updateMode: "Auto",
                        minAllowed: { cpu: "8", memory: "1Gi" },
                        maxAllowed: { cpu: "4", memory: "8Gi" },
                    }),
                "MLWorkload 'm': `vpa.minAllowed.cpu` must be <= vpa.maxAllowed.cpu (4), got \"8\"",
            ],
            [
                "an HPA on cpu runs with a VPA in Auto",
                (a) => (a.autoscaling = { minReplicas: 2, maxReplicas: 4 }),
                'MLWorkload \'m\': `autoscaling` must not scale on cpu or memory while vpa.updateMode is Auto (set resourceMetrics: false), got {"minReplicas":2,"maxReplicas":4}',
            ],
        ];
        for (const [name, mutate, message] of cases) {
            it(`fails when ${name}`, () => {
                const args = { ...base() };
                mutate(args);
                assert.throws(() => validateMLWorkloadArgs("m", onPlatform(args)), { message });
            });
        }
        void crd;
    });
});

describe("GPU model server await", () => {
    it("waits for one new node, then every replica's grace period, image pull and model load", () => {
        assert.deepStrictEqual(
            [1, 3, 10].map((replicas) => gpuAwait(replicas, 90)),
            [
                { timeoutSeconds: 900, progressDeadlineSeconds: 900 },
                { timeoutSeconds: 2160, progressDeadlineSeconds: 900 },
                { timeoutSeconds: 6570, progressDeadlineSeconds: 900 },
            ],
        );
    });

    it("outlasts the Deployment's default 10-minute await for a single replica", () => {
        assert.ok(gpuAwait(1, 0).timeoutSeconds > 600);
    });

    it("lets a grace period longer than a new node set the progress deadline", () => {
        assert.deepStrictEqual(gpuAwait(2, 600).progressDeadlineSeconds, 1140);
    });
});
