/**
 * Pure builders for the monitoring add-on: kube-prometheus-stack values, the Alertmanager config
 * template and the istiod ServiceMonitor.
 *
 * Checked against prometheus-community/helm-charts at cf408a29 (kube-prometheus-stack 88.5.3, operator
 * v0.93.1; subcharts kube-state-metrics 8.4.0, prometheus-node-exporter 4.56.1, grafana 12.11.1 from
 * grafana-community/helm-charts at 3386a115): `charts/kube-prometheus-stack/values.yaml`,
 * `templates/prometheus/prometheus.yaml`, `templates/prometheus-operator/deployment.yaml`,
 * `templates/alertmanager/{alertmanager,secret}.yaml`, `charts/grafana/templates/_pod.tpl`.
 */
import { podAntiAffinity } from "../internal/pod";

/** Namespace of Prometheus, Alertmanager, Grafana, the operator and kube-state-metrics. */
export const MONITORING_NAMESPACE = "monitoring";
/**
 * node-exporter runs in a namespace of its own: it needs the host's network and PID namespaces and a
 * read-only hostPath of `/`, so the policy pack exempts exactly this namespace.
 */
export const NODE_EXPORTER_NAMESPACE = "monitoring-node-exporter";
/** Helm release name; also the prefix of every object the chart creates. */
export const MONITORING_RELEASE = "kube-prometheus-stack";
/**
 * The label Prometheus selects ServiceMonitors, PodMonitors and PrometheusRules by. The chart's own
 * objects (and its subcharts', with `releaseLabel: true`) carry it; the platform's workloads add it.
 */
export const MONITOR_SELECTOR_LABELS: Readonly<Record<string, string>> = {
    release: MONITORING_RELEASE,
};
/** In-cluster URL of Prometheus (the operator's `<release>-prometheus` Service). */
export const PROMETHEUS_URL = `http://${MONITORING_RELEASE}-prometheus.${MONITORING_NAMESPACE}.svc`;
export const PROMETHEUS_PORT = 9090;
/** Secret the Alertmanager reads its whole configuration from (`alertmanager.yaml`). */
export const ALERTMANAGER_CONFIG_SECRET = "alertmanager-config";
/** Secret with Grafana's admin user and password (keys `admin-user`, `admin-password`). */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Label and value the Grafana sidecar loads dashboard ConfigMaps by (the chart's defaults). */
export const GRAFANA_DASHBOARD_LABEL = { grafana_dashboard: "1" } as const;
/** Grafana's datasource provisioning folder (where the chart's datasource ConfigMap is mounted). */
export const GRAFANA_DATASOURCES_PATH = "/etc/grafana/provisioning/datasources";
/** StorageClass of Prometheus and Alertmanager volumes (created by the EBS CSI driver add-on). */
export const DEFAULT_STORAGE_CLASS = "gp3";

/** Per-stack monitoring settings (from `addons.monitoring`). */
export interface MonitoringSettings {
    readonly prometheus: {
        readonly replicas: number;
        readonly retention: string;
        readonly storageSize: string;
    };
    readonly alertmanager: { readonly replicas: number; readonly storageSize: string };
}

const restrictedContainer = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
};
const restrictedPod = (uid: number) => ({
    runAsNonRoot: true,
    runAsUser: uid,
    runAsGroup: uid,
    fsGroup: uid,
    seccompProfile: { type: "RuntimeDefault" },
});
const resources = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
    requests: { cpu, memory },
    limits: { cpu: cpuLimit, memory: memoryLimit },
});
const volumeClaim = (size: string) => ({
    volumeClaimTemplate: {
        spec: {
            storageClassName: DEFAULT_STORAGE_CLASS,
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: size } },
        },
    },
});
const httpProbe = (path: string, port: number | string) => ({
    httpGet: { path, port },
    periodSeconds: 10,
    timeoutSeconds: 5,
    failureThreshold: 3,
});

/**
 * kube-prometheus-stack values. Notes on choices that a real cluster depends on:
 * - `helm.v4.Chart` skips Helm hooks (pulumi-kubernetes#3284), and the operator's admission webhook
 *   certificate is made by hook Jobs (`admission-webhooks/job-patch/`). Without them the operator's
 *   TLS secret never exists and its pod never starts, so the webhooks and the operator's TLS listener
 *   are off; rule syntax is checked in our tests instead.
 * - The CRDs come from the chart's `crds` subchart (installed once; no separate CRD chart).
 * - Prometheus selects monitors and rules by {@link MONITOR_SELECTOR_LABELS} in every namespace.
 * - Grafana reads its datasources from the chart's own datasource ConfigMap
 *   (`templates/grafana/configmaps-datasources.yaml`, rendered with `forceDeployDatasources`), mounted at
 *   Grafana's provisioning path. The datasources sidecar stays off: the grafana chart gives every
 *   sidecar, its init-container form included, the shared `sidecar.livenessProbe`/`readinessProbe`
 *   (`templates/_pod.tpl`, `<name>-init-sc-datasources`), and the API server refuses probes on an init
 *   container that is not a restartable sidecar, so the Deployment would never be admitted. Only the
 *   dashboards sidecar runs, with probes on its health port 8084 (the chart's
 *   `grafana.sidecar.dashboards.healthPort` in `templates/_helpers.tpl`, passed as `HEALTH_PORT`;
 *   kiwigrid/k8s-sidecar `src/healthz.py` serves `/healthz` there).
 * - Grafana reads its admin credentials from {@link GRAFANA_ADMIN_SECRET} and keeps no state
 *   (dashboards are code).
 */
export function kubePrometheusStackValues(s: MonitoringSettings) {
    const selector = { matchLabels: { ...MONITOR_SELECTOR_LABELS } };
    return {
        fullnameOverride: MONITORING_RELEASE,
        crds: { enabled: true, upgradeJob: { enabled: false } },
        defaultRules: { create: true },
        prometheusOperator: {
            admissionWebhooks: { enabled: false, patch: { enabled: false } },
            tls: { enabled: false },
            resources: resources("100m", "128Mi", "500m", "512Mi"),
            securityContext: restrictedPod(65534),
            containerSecurityContext: restrictedContainer,
            affinity: podAntiAffinity({ app: `${MONITORING_RELEASE}-operator` }),
            prometheusConfigReloader: {
                resources: resources("10m", "32Mi", "100m", "64Mi"),
            },
        },
        prometheus: {
            prometheusSpec: {
                replicas: s.prometheus.replicas,
                retention: s.prometheus.retention,
                storageSpec: volumeClaim(s.prometheus.storageSize),
                serviceMonitorSelectorNilUsesHelmValues: false,
                serviceMonitorSelector: selector,
                serviceMonitorNamespaceSelector: {},
                podMonitorSelectorNilUsesHelmValues: false,
                podMonitorSelector: selector,
                podMonitorNamespaceSelector: {},
                ruleSelectorNilUsesHelmValues: false,
                ruleSelector: selector,
                ruleNamespaceSelector: {},
                resources: resources("500m", "2Gi", "2", "4Gi"),
                securityContext: restrictedPod(1000),
                podAntiAffinity: "soft",
                podAntiAffinityTopologyKey: "kubernetes.io/hostname",
            },
            podDisruptionBudget: {
                enabled: s.prometheus.replicas > 1,
                minAvailable: 1,
            },
        },
        alertmanager: {
            alertmanagerSpec: {
                replicas: s.alertmanager.replicas,
                useExistingSecret: true,
                configSecret: ALERTMANAGER_CONFIG_SECRET,
                storage: volumeClaim(s.alertmanager.storageSize),
                resources: resources("50m", "64Mi", "200m", "256Mi"),
                securityContext: restrictedPod(1000),
                podAntiAffinity: "soft",
                podAntiAffinityTopologyKey: "kubernetes.io/hostname",
            },
            podDisruptionBudget: { enabled: s.alertmanager.replicas > 1, minAvailable: 1 },
        },
        grafana: {
            admin: {
                existingSecret: GRAFANA_ADMIN_SECRET,
                userKey: "admin-user",
                passwordKey: "admin-password",
            },
            persistence: { enabled: false },
            initChownData: { enabled: false },
            resources: resources("100m", "256Mi", "500m", "512Mi"),
            securityContext: restrictedPod(472),
            containerSecurityContext: restrictedContainer,
            extraEmptyDirMounts: [{ name: "tmp", mountPath: "/tmp" }],
            affinity: podAntiAffinity({ "app.kubernetes.io/name": "grafana" }),
            sidecar: {
                resources: resources("50m", "64Mi", "200m", "128Mi"),
                securityContext: restrictedContainer,
                readinessProbe: httpProbe("/healthz", 8084),
                livenessProbe: httpProbe("/healthz", 8084),
                dashboards: {
                    enabled: true,
                    label: Object.keys(GRAFANA_DASHBOARD_LABEL)[0],
                    labelValue: Object.values(GRAFANA_DASHBOARD_LABEL)[0],
                    searchNamespace: "ALL",
                },
                datasources: { enabled: false, initDatasources: false },
            },
            forceDeployDatasources: true,
            extraConfigmapMounts: [
                {
                    name: "datasources",
                    mountPath: GRAFANA_DATASOURCES_PATH,
                    configMap: `${MONITORING_RELEASE}-grafana-datasource`,
                    readOnly: true,
                },
            ],
        },
        "kube-state-metrics": {
            resources: resources("50m", "128Mi", "200m", "256Mi"),
            securityContext: restrictedPod(65534),
            containerSecurityContext: restrictedContainer,
            affinity: podAntiAffinity({ "app.kubernetes.io/name": "kube-state-metrics" }),
        },
        // The DaemonSet needs hostNetwork, hostPID and a read-only hostPath of `/` to report node
        // metrics; it runs in its own namespace, exempted from those rules in the policy pack config.
        "prometheus-node-exporter": {
            namespaceOverride: NODE_EXPORTER_NAMESPACE,
            resources: resources("20m", "32Mi", "200m", "64Mi"),
            containerSecurityContext: restrictedContainer,
        },
        nodeExporter: {
            operatingSystems: { aix: { enabled: false }, darwin: { enabled: false } },
        },
        windowsMonitoring: { enabled: false },
    };
}

/** The Alertmanager route tree (from `addons.monitoring.alertmanager.route`). */
export interface AlertRoute {
    readonly receiver: string;
    readonly groupBy: readonly string[];
    readonly groupWait: string;
    readonly groupInterval: string;
    readonly repeatInterval: string;
    readonly routes: readonly {
        readonly matchers: readonly string[];
        readonly receiver: string;
        readonly continue: boolean;
    }[];
}

/**
 * The `alertmanager.yaml` template of the ExternalSecret that builds {@link ALERTMANAGER_CONFIG_SECRET}:
 * the route tree comes from stack config, the receivers (webhook URLs, keys) from Secrets Manager as a
 * JSON array, substituted by External Secrets (`{{ .receivers }}`), so no credential reaches Pulumi.
 * JSON is valid YAML, so the template stays one YAML document.
 */
export function alertmanagerConfigTemplate(route: AlertRoute): string {
    const tree = {
        receiver: route.receiver,
        group_by: [...route.groupBy],
        group_wait: route.groupWait,
        group_interval: route.groupInterval,
        repeat_interval: route.repeatInterval,
        routes: route.routes.map((r) => ({
            matchers: [...r.matchers],
            receiver: r.receiver,
            continue: r.continue,
        })),
    };
    return `route: ${JSON.stringify(tree)}\nreceivers: {{ .receivers }}\n`;
}

/** ServiceMonitor for istiod's own metrics (`http-monitoring`, port 15014), as Istio documents. */
export function istiodServiceMonitor(istioNamespace: string) {
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "ServiceMonitor",
        metadata: {
            name: "istiod",
            namespace: MONITORING_NAMESPACE,
            labels: { ...MONITOR_SELECTOR_LABELS, "app.kubernetes.io/part-of": "istio" },
        },
        spec: {
            selector: { matchLabels: { app: "istiod" } },
            namespaceSelector: { matchNames: [istioNamespace] },
            endpoints: [{ port: "http-monitoring", interval: "30s" }],
        },
    };
}
