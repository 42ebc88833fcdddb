/**
 * Pure builders for MLWorkload: the MLModel record, the VerticalPodAutoscaler and the alert rules.
 */
import { selectorLabels, workloadLabels } from "../internal/labels";
import { MLMODEL } from "./crd";

/** The model a workload serves (recorded as an MLModel custom resource). */
export interface ModelSpec {
    readonly name: string;
    readonly version: string;
    readonly framework: "tensorflow" | "pytorch" | "sklearn";
    /** Serving replicas (1..10). */
    readonly replicas: number;
}

/** VPA settings: update mode and the bounds it may set requests within. */
export interface VpaArgs {
    readonly updateMode: "Off" | "Initial" | "Recreate" | "InPlaceOrRecreate" | "Auto";
    readonly minAllowed: { readonly cpu: string; readonly memory: string };
    readonly maxAllowed: { readonly cpu: string; readonly memory: string };
}

/** The seed's VPA: Auto, 500m/1Gi to 4/8Gi. */
export const DEFAULT_VPA: VpaArgs = {
    updateMode: "Auto",
    minAllowed: { cpu: "500m", memory: "1Gi" },
    maxAllowed: { cpu: "4", memory: "8Gi" },
};

/** The MLModel custom resource recording what is served. */
export function buildMLModel(
    name: string,
    namespace: string,
    model: ModelSpec,
    resources: { cpu: string; memory: string; gpu?: string },
) {
    return {
        apiVersion: `${MLMODEL.group}/${MLMODEL.version}`,
        kind: MLMODEL.kind,
        metadata: {
            name: `${model.name}-${model.version.replace(/[^a-z0-9-]/gi, "-").toLowerCase()}`,
            namespace,
            labels: workloadLabels(name, model.version, "model"),
        },
        spec: {
            modelName: model.name,
            modelVersion: model.version,
            framework: model.framework,
            resourceRequirements: {
                cpu: resources.cpu,
                memory: resources.memory,
                ...(resources.gpu ? { gpu: resources.gpu } : {}),
            },
            replicas: model.replicas,
        },
    };
}

/** Name of the container Istio injects into every meshed pod. */
export const ISTIO_PROXY_CONTAINER = "istio-proxy";

/**
 * The VerticalPodAutoscaler for the workload the model server runs (`target`: its Deployment, or its
 * Rollout with progressive delivery; the VPA reads the pod template through the scale subresource).
 * It sizes only the model server: the injected `istio-proxy` sidecar gets `mode: Off`, because a VPA
 * without a policy for a container applies its default policy to every container of the pod, and
 * resizing the sidecar from model-server load would starve or bloat the proxy that Istio sizes from
 * `global.proxy.resources`.
 *
 * @see https://github.com/kubernetes/autoscaler/blob/master/vertical-pod-autoscaler/pkg/apis/autoscaling.k8s.io/v1/types.go (ContainerResourcePolicy, ContainerScalingModeOff)
 */
export function buildVpa(
    name: string,
    namespace: string,
    version: string,
    vpa: VpaArgs,
    target: { apiVersion: string; kind: string; name: string } = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name,
    },
) {
    return {
        apiVersion: "autoscaling.k8s.io/v1",
        kind: "VerticalPodAutoscaler",
        metadata: { name, namespace, labels: workloadLabels(name, version, "model-server") },
        spec: {
            targetRef: { ...target },
            updatePolicy: { updateMode: vpa.updateMode },
            resourcePolicy: {
                containerPolicies: [
                    {
                        containerName: name,
                        minAllowed: { ...vpa.minAllowed },
                        maxAllowed: { ...vpa.maxAllowed },
                        controlledResources: ["cpu", "memory"],
                    },
                    { containerName: ISTIO_PROXY_CONTAINER, mode: "Off" },
                ],
            },
        },
    };
}

/** Alerts for a model server (seed: prediction_latency_high, model_accuracy_degraded) plus error rate. */
export function buildPrometheusRule(
    name: string,
    namespace: string,
    version: string,
    selectorLabelsOfPrometheus: Readonly<Record<string, string>> = {},
    thresholds = { latencySeconds: 0.5, errorRatio: 0.05, accuracy: 0.8 },
) {
    const sel = `namespace="${namespace}",app="${name}"`;
    const labels = { severity: "warning", team: "ml" };
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: {
            name,
            namespace,
            labels: {
                ...workloadLabels(name, version, "model-server"),
                ...selectorLabels(name),
                ...selectorLabelsOfPrometheus,
            },
        },
        spec: {
            groups: [
                {
                    name: `${name}.rules`,
                    rules: [
                        {
                            alert: "prediction_latency_high",
                            expr: `histogram_quantile(0.99, sum by (le) (rate(prediction_latency_seconds_bucket{${sel}}[5m]))) > ${thresholds.latencySeconds}`,
                            for: "10m",
                            labels,
                            annotations: {
                                summary: `p99 prediction latency of ${name} is above ${thresholds.latencySeconds}s`,
                                runbook: "prediction_latency_high",
                            },
                        },
                        {
                            alert: "prediction_error_rate_high",
                            expr: `sum(rate(prediction_requests_total{${sel},status=~"5.."}[5m])) / sum(rate(prediction_requests_total{${sel}}[5m])) > ${thresholds.errorRatio}`,
                            for: "10m",
                            labels: { ...labels, severity: "critical" },
                            annotations: {
                                summary: `more than ${thresholds.errorRatio * 100}% of ${name} predictions fail`,
                            },
                        },
                        {
                            alert: "model_accuracy_degraded",
                            expr: `avg(model_accuracy{${sel}}) < ${thresholds.accuracy}`,
                            for: "30m",
                            labels,
                            annotations: {
                                summary: `model accuracy of ${name} fell below ${thresholds.accuracy}`,
                                runbook: "model_accuracy_degraded",
                            },
                        },
                    ],
                },
            ],
        },
    };
}
