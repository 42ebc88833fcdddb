/**
 * How Prometheus scrapes a service inside a STRICT mTLS mesh: Istio's merged metrics.
 */
import { selectorLabels, workloadLabels } from "../internal/labels";
import { ISTIO_MERGED_METRICS_PATH, ISTIO_MERGED_METRICS_PORT } from "./metrics-port";
import type { ResolvedMicroservice } from "./spec";

export { ISTIO_MERGED_METRICS_PATH, ISTIO_MERGED_METRICS_PORT };

/**
 * The PodMonitor (Prometheus operator) scraping the merged metrics of every pod of the workload, one
 * target per pod (the `istio-proxy` container), as Istio's Prometheus operator example does
 * (istio/istio `samples/addons/extras/prometheus-operator.yaml`); the pods' `app` and `version` labels
 * become target labels. `selectorLabels` are the labels Prometheus selects monitors by.
 */
export function buildPodMonitor(
    r: ResolvedMicroservice,
    selectorLabelsOfPrometheus: Readonly<Record<string, string>> = {},
) {
    const labels = workloadLabels(r.name, r.version, r.component);
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PodMonitor",
        metadata: {
            name: r.name,
            namespace: r.namespace,
            labels: { ...labels, ...selectorLabelsOfPrometheus },
        },
        spec: {
            selector: { matchLabels: selectorLabels(r.name) },
            namespaceSelector: { matchNames: [r.namespace] },
            podTargetLabels: ["app", "version"],
            podMetricsEndpoints: [
                {
                    path: ISTIO_MERGED_METRICS_PATH,
                    interval: "30s",
                    scheme: "http",
                    relabelings: [
                        {
                            action: "keep",
                            sourceLabels: ["__meta_kubernetes_pod_container_name"],
                            regex: "istio-proxy",
                        },
                        {
                            action: "replace",
                            sourceLabels: ["__meta_kubernetes_pod_ip"],
                            regex: "(.+)",
                            replacement: `$1:${ISTIO_MERGED_METRICS_PORT}`,
                            targetLabel: "__address__",
                        },
                    ],
                },
            ],
        },
    };
}
