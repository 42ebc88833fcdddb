/**
 * prometheus-adapter: serves the custom metrics API (`custom.metrics.k8s.io`) from Prometheus, so an
 * HPA can scale on Pods metrics such as the seed's `http_requests_per_second`.
 *
 * Checked against prometheus-community/helm-charts at cf408a29 (prometheus-adapter 5.3.0, adapter
 * v0.12.0): `charts/prometheus-adapter/values.yaml` (`rules.default|custom`, `prometheus.url|port`),
 * `templates/configmap.yaml`, `templates/deployment.yaml`, `templates/custom-metrics-apiservice.yaml`
 * (the resource metrics API stays with metrics-server: `rules.resource` is unset). Rule syntax:
 * https://github.com/kubernetes-sigs/prometheus-adapter/blob/master/docs/config.md
 */
import * as pulumi from "@pulumi/pulumi";

import { podAntiAffinity } from "../../internal/pod";
import { AddonScope, ChartSource, ChartWorkload, helmChart } from "../core/chart";
import {
    MONITORING_NAMESPACE,
    PROMETHEUS_PORT,
    PROMETHEUS_URL,
} from "../monitoring/monitoring-values";

/** One custom-metrics rule of the adapter (its config format). */
export interface AdapterRule {
    readonly seriesQuery: string;
    readonly resources: { readonly overrides: Record<string, { readonly resource: string }> };
    readonly name: { readonly matches: string; readonly as: string };
    readonly metricsQuery: string;
}

/**
 * `http_requests_per_second` per pod, from the request counter every Istio sidecar keeps for the
 * traffic it receives (`reporter="destination"`), so services need no code change. The `namespace` and
 * `pod` labels are the target labels Prometheus adds to every PodMonitor target.
 */
export const HTTP_REQUESTS_PER_SECOND: AdapterRule = {
    seriesQuery: 'istio_requests_total{reporter="destination",namespace!="",pod!=""}',
    resources: { overrides: { namespace: { resource: "namespace" }, pod: { resource: "pod" } } },
    name: { matches: "^istio_requests_total$", as: "http_requests_per_second" },
    metricsQuery:
        'sum(rate(<<.Series>>{<<.LabelMatchers>>,reporter="destination"}[2m])) by (<<.GroupBy>>)',
};

/** Every rule the adapter serves. */
export const ADAPTER_RULES: readonly AdapterRule[] = [HTTP_REQUESTS_PER_SECOND];

/** Names of the Pods metrics the platform serves (what an HPA may name). */
export function servedPodsMetrics(rules: readonly AdapterRule[] = ADAPTER_RULES): string[] {
    return rules.filter((r) => r.resources.overrides.pod !== undefined).map((r) => r.name.as);
}

/** prometheus-adapter values: our rules only, secure pods, two replicas with a PDB when HA. */
export function prometheusAdapterValues(highAvailability: boolean) {
    return {
        prometheus: { url: PROMETHEUS_URL, port: PROMETHEUS_PORT },
        replicas: highAvailability ? 2 : 1,
        podDisruptionBudget: { enabled: highAvailability, maxUnavailable: 1 },
        rules: { default: false, custom: ADAPTER_RULES.map((r) => ({ ...r })) },
        resources: {
            requests: { cpu: "50m", memory: "128Mi" },
            limits: { cpu: "250m", memory: "256Mi" },
        },
        podSecurityContext: { fsGroup: 10001, seccompProfile: { type: "RuntimeDefault" } },
        securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        },
        affinity: podAntiAffinity({ "app.kubernetes.io/name": "prometheus-adapter" }),
    };
}

/** Id of the adapter's release (`<ClusterAddons>-prometheus-adapter`, {@link releaseName}). */
export const PROMETHEUS_ADAPTER_RELEASE_ID = "prometheus-adapter";

/**
 * The Deployment (and PDB) chart 5.3.0 renders with {@link prometheusAdapterValues}
 * (`templates/deployment.yaml`, `templates/pdb.yaml`): named after the release (the release name
 * contains the chart name, `_helpers.tpl` `k8s-prometheus-adapter.fullname`), the chart's default
 * probes (`/healthz` on `https`), the config ConfigMap and a `/tmp` emptyDir.
 *
 * Checked against prometheus-adapter 5.3.0 rendered with helm template and the staging and
 * production values.
 */
export function prometheusAdapterWorkload(
    release: string,
    values: ReturnType<typeof prometheusAdapterValues>,
): ChartWorkload {
    const probe = { httpGet: { path: "/healthz", port: "https", scheme: "HTTPS" } };
    return {
        kind: "Deployment",
        name: release,
        namespace: MONITORING_NAMESPACE,
        labels: { "app.kubernetes.io/name": "prometheus-adapter" },
        replicas: values.replicas,
        pdb: values.podDisruptionBudget.enabled
            ? { maxUnavailable: values.podDisruptionBudget.maxUnavailable }
            : undefined,
        podSpec: {
            securityContext: values.podSecurityContext,
            affinity: values.affinity,
            containers: [
                {
                    name: "prometheus-adapter",
                    image: "registry.k8s.io/prometheus-adapter/prometheus-adapter:v0.12.0",
                    ports: [{ containerPort: 6443, name: "https" }],
                    livenessProbe: probe,
                    readinessProbe: probe,
                    resources: values.resources,
                    securityContext: values.securityContext,
                    volumeMounts: [
                        { mountPath: "/etc/adapter/", name: "config", readOnly: true },
                        { mountPath: "/tmp", name: "tmp" },
                    ],
                },
            ],
            volumes: [
                { name: "config", configMap: { name: release } },
                { name: "tmp", emptyDir: {} },
            ],
        },
    };
}

/** Arguments for {@link installPrometheusAdapter}. */
export interface PrometheusAdapterArgs {
    /** The `prometheus-adapter` chart. */
    readonly source: ChartSource;
    /** Two replicas and a disruption budget. @default false */
    readonly highAvailability?: boolean;
    /** What the adapter waits for (the monitoring stack). @default [] */
    readonly dependsOn?: pulumi.Resource[];
}

/** Installs the adapter in the monitoring namespace. Returns the chart (empty when disabled). */
export function installPrometheusAdapter(
    scope: AddonScope,
    args: PrometheusAdapterArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    return [
        helmChart(
            scope,
            PROMETHEUS_ADAPTER_RELEASE_ID,
            args.source,
            "prometheus-adapter",
            MONITORING_NAMESPACE,
            prometheusAdapterValues(args.highAvailability ?? false),
            args.dependsOn ?? [],
        ),
    ];
}
