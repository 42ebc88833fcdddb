/**
 * Monitoring: kube-prometheus-stack (Prometheus operator and CRDs, Prometheus, Alertmanager, Grafana,
 * kube-state-metrics, node-exporter) in the `monitoring` namespace, with Grafana's admin credentials
 * and the Alertmanager receivers read from Secrets Manager through External Secrets, and istiod's own
 * metrics scraped.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { AddonScope, ChartSource, k8sOptions, podSecurityLabels } from "../core/chart";
import { CLUSTER_SECRET_STORE } from "../external-secrets/external-secrets";
import { ISTIO_NAMESPACE } from "../istio/istio";
import {
    ALERTMANAGER_CONFIG_SECRET,
    AlertRoute,
    alertmanagerConfigTemplate,
    GRAFANA_ADMIN_SECRET,
    GRAFANA_DASHBOARD_LABEL,
    istiodServiceMonitor,
    kubePrometheusStackValues,
    MONITOR_SELECTOR_LABELS,
    MONITORING_NAMESPACE,
    MONITORING_RELEASE,
    MonitoringSettings,
    NODE_EXPORTER_NAMESPACE,
    PROMETHEUS_PORT,
    PROMETHEUS_URL,
} from "./monitoring-values";

/** Arguments for {@link installMonitoring}. */
export interface MonitoringArgs {
    /** The `kube-prometheus-stack` chart and its per-stack settings. */
    readonly source: ChartSource &
        MonitoringSettings & {
            readonly alertmanager: {
                /** Shared secret (under `<secretsPrefix>/shared/`) holding the receivers as JSON. */
                readonly receiversSecret: string;
                readonly route: AlertRoute;
            };
            readonly grafana: {
                /** Shared secret with the `username` and `password` of Grafana's admin. */
                readonly adminSecret: string;
            };
        };
    /** Name prefix of the platform's secrets in Secrets Manager (e.g. `supply-chain/production`). */
    readonly secretsPrefix: string;
    /** What ExternalSecrets wait for (the External Secrets Operator and its ClusterSecretStore). */
    readonly externalSecrets: pulumi.Resource[];
    /** Istio resources; when non-empty, istiod's metrics are scraped. @default [] */
    readonly istio?: pulumi.Resource[];
    /** What the chart waits for (the default StorageClass for its volumes). @default [] */
    readonly storage?: pulumi.Resource[];
}

/** What {@link installMonitoring} gives back when the stack is installed. */
export interface MonitoringInstall {
    /** What ServiceMonitors, PodMonitors and PrometheusRules must depend on (the chart and its CRDs). */
    readonly ready: pulumi.Resource[];
    /** Labels every ServiceMonitor, PodMonitor and PrometheusRule carries so Prometheus selects it. */
    readonly selectorLabels: Readonly<Record<string, string>>;
    /** Namespace of Prometheus and Grafana (what NetworkPolicies admit; where dashboards go). */
    readonly namespace: string;
    /** Label Grafana's sidecar loads dashboard ConfigMaps by. */
    readonly dashboardLabel: Readonly<Record<string, string>>;
    /** Prometheus's in-cluster query URL with its port (what analyses query). */
    readonly prometheusUrl: string;
}

/** Labels of the monitoring namespaces. */
export function monitoringNamespaceLabels(podSecurity: "restricted" | "privileged") {
    return {
        ...podSecurityLabels(podSecurity),
        "app.kubernetes.io/part-of": MONITORING_RELEASE,
        "app.kubernetes.io/managed-by": "pulumi",
    };
}

/** ExternalSecret with Grafana's admin user and password (keys the chart reads). */
export function grafanaAdminExternalSecret(secretsPrefix: string, adminSecret: string) {
    const key = `${secretsPrefix}/shared/${adminSecret}`;
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: GRAFANA_ADMIN_SECRET, namespace: MONITORING_NAMESPACE },
        spec: {
            refreshInterval: "1h",
            secretStoreRef: { name: CLUSTER_SECRET_STORE, kind: "ClusterSecretStore" },
            target: { name: GRAFANA_ADMIN_SECRET, creationPolicy: "Owner" },
            data: [
                { secretKey: "admin-user", remoteRef: { key, property: "username" } },
                { secretKey: "admin-password", remoteRef: { key, property: "password" } },
            ],
        },
    };
}

/** ExternalSecret that renders `alertmanager.yaml`: routes from config, receivers from Secrets Manager. */
export function alertmanagerExternalSecret(
    secretsPrefix: string,
    receiversSecret: string,
    route: AlertRoute,
) {
    return {
        apiVersion: "external-secrets.io/v1",
        kind: "ExternalSecret",
        metadata: { name: ALERTMANAGER_CONFIG_SECRET, namespace: MONITORING_NAMESPACE },
        spec: {
            refreshInterval: "1h",
            secretStoreRef: { name: CLUSTER_SECRET_STORE, kind: "ClusterSecretStore" },
            target: {
                name: ALERTMANAGER_CONFIG_SECRET,
                creationPolicy: "Owner",
                template: {
                    engineVersion: "v2",
                    data: { "alertmanager.yaml": alertmanagerConfigTemplate(route) },
                },
            },
            data: [
                {
                    secretKey: "receivers",
                    remoteRef: { key: `${secretsPrefix}/shared/${receiversSecret}` },
                },
            ],
        },
    };
}

/**
 * Installs the monitoring stack. Returns undefined when disabled (workloads then create no monitors).
 */
export function installMonitoring(
    scope: AddonScope,
    args: MonitoringArgs,
): MonitoringInstall | undefined {
    const source = args.source;
    if (!source.enabled) {
        return undefined;
    }
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-monitoring`,
        {
            metadata: {
                name: MONITORING_NAMESPACE,
                labels: monitoringNamespaceLabels("restricted"),
            },
        },
        k8sOptions(scope),
    );
    const nodeNs = new k8s.core.v1.Namespace(
        `${scope.name}-node-exporter`,
        {
            metadata: {
                name: NODE_EXPORTER_NAMESPACE,
                labels: monitoringNamespaceLabels("privileged"),
            },
        },
        k8sOptions(scope),
    );
    const secretDeps = [ns, ...args.externalSecrets];
    const grafanaAdmin = new k8s.apiextensions.CustomResource(
        `${scope.name}-grafana-admin`,
        grafanaAdminExternalSecret(args.secretsPrefix, source.grafana.adminSecret),
        k8sOptions(scope, secretDeps),
    );
    const alertmanagerConfig = new k8s.apiextensions.CustomResource(
        `${scope.name}-alertmanager-config`,
        alertmanagerExternalSecret(
            args.secretsPrefix,
            source.alertmanager.receiversSecret,
            source.alertmanager.route,
        ),
        k8sOptions(scope, secretDeps),
    );
    const chart = new k8s.helm.v4.Chart(
        `${scope.name}-monitoring`,
        {
            name: MONITORING_RELEASE,
            chart: "kube-prometheus-stack",
            version: source.version,
            namespace: MONITORING_NAMESPACE,
            repositoryOpts: { repo: source.repository },
            values: kubePrometheusStackValues(source),
        },
        k8sOptions(scope, [ns, nodeNs, grafanaAdmin, alertmanagerConfig, ...(args.storage ?? [])]),
    );
    if ((args.istio ?? []).length > 0) {
        new k8s.apiextensions.CustomResource(
            `${scope.name}-istiod-monitor`,
            istiodServiceMonitor(ISTIO_NAMESPACE),
            k8sOptions(scope, [chart, ...(args.istio ?? [])]),
        );
    }
    return {
        ready: [chart],
        selectorLabels: MONITOR_SELECTOR_LABELS,
        namespace: MONITORING_NAMESPACE,
        dashboardLabel: GRAFANA_DASHBOARD_LABEL,
        prometheusUrl: `${PROMETHEUS_URL}:${PROMETHEUS_PORT}`,
    };
}
