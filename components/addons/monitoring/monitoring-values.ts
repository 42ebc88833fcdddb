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
import { podAntiAffinity } from "../../internal/pod";
import * as NS from "../core/namespaces";

/** Namespace of Prometheus, Alertmanager, Grafana, the operator and kube-state-metrics. */
export const MONITORING_NAMESPACE = NS.MONITORING_NAMESPACE;
/**
 * node-exporter runs in a namespace of its own: it needs the host's network and PID namespaces and a
 * read-only hostPath of `/`, so the policy pack exempts exactly this namespace.
 */
export const NODE_EXPORTER_NAMESPACE = NS.NODE_EXPORTER_NAMESPACE;
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
 * Control-plane components kube-prometheus-stack scrapes by default that EKS does not let Prometheus
 * reach. Each one left on makes a Service and ServiceMonitor in kube-system whose targets never answer,
 * and its `<Component>Down` alert (`absent(up{job="..."} == 1)`) fires for ever:
 * - `kubeControllerManager`, `kubeScheduler`, `kubeEtcd`: EKS runs them on AWS-managed hosts outside
 *   the cluster; no pod carries the chart's `component: kube-controller-manager|kube-scheduler|etcd`
 *   selector (values.yaml `kubeControllerManager.service.selector` and the like).
 * - `kubeProxy`: it does run on the nodes (the `kube-proxy` EKS add-on DaemonSet), but binds its
 *   metrics to `127.0.0.1:10249`, kube-proxy's default `metricsBindAddress`, and the managed add-on
 *   resets a `kube-proxy-config` edit (aws/containers-roadmap#657; prometheus-community/helm-charts
 *   #977: `10249: connection refused` on EKS). Its health shows in the DaemonSet's kube-state-metrics
 *   series (`KubeDaemonSetRolloutStuck`, `KubeDaemonSetMisScheduled` stay on).
 * The API server and the kubelets stay scraped: EKS serves both.
 */
export const EKS_UNOBSERVABLE_COMPONENTS = {
    kubeControllerManager: { enabled: false },
    kubeScheduler: { enabled: false },
    kubeEtcd: { enabled: false },
    kubeProxy: { enabled: false },
} as const;

/**
 * The default rule groups of those components (`templates/prometheus/rules-1.14/etcd.yaml`,
 * `kubernetes-system-controller-manager.yaml`, `kubernetes-system-scheduler.yaml`,
 * `kube-scheduler.rules.yaml`, `kubernetes-system-kube-proxy.yaml`). The templates already skip them
 * when the component is disabled; turning them off too keeps them off should a component come back.
 * `windows` goes with `windowsMonitoring.enabled: false` (no Windows nodes).
 */
export const EKS_UNOBSERVABLE_RULE_GROUPS = {
    etcd: false,
    kubeControllerManager: false,
    kubeSchedulerAlerting: false,
    kubeSchedulerRecording: false,
    kubeProxy: false,
    windows: false,
} as const;

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
        defaultRules: { create: true, rules: { ...EKS_UNOBSERVABLE_RULE_GROUPS } },
        ...EKS_UNOBSERVABLE_COMPONENTS,
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

/** Name of the receiver without integrations: alerts routed to it are dropped. */
export const NULL_RECEIVER = "null";

/**
 * Alerts that fire by design and must reach no person: `Watchdog` always fires (proof that the alerting
 * pipeline works, for a dead-man's switch), and `InfoInhibitor` fires while any `info` alert does, only
 * to inhibit them (kube-prometheus-stack `templates/prometheus/rules-1.14/general.rules.yaml`). The
 * chart's own Alertmanager config routes Watchdog to a `null` receiver (values.yaml
 * `alertmanager.config.route.routes`) and InfoInhibitor is matched by its inhibit rules only; the
 * platform replaces that config with its own (`useExistingSecret`), so it routes both to
 * {@link NULL_RECEIVER} itself, ahead of every configured route.
 */
export const HEARTBEAT_ROUTES: readonly AlertRoute["routes"][number][] = [
    { matchers: ['alertname="Watchdog"'], receiver: NULL_RECEIVER, continue: false },
    { matchers: ['alertname="InfoInhibitor"'], receiver: NULL_RECEIVER, continue: false },
];

/**
 * Inhibitions: the chart's defaults (values.yaml `alertmanager.config.inhibit_rules`), which the
 * platform's own config would otherwise lose: a critical alert mutes the warning and info alerts of the
 * same name and namespace, a warning its info alerts, and `InfoInhibitor` the info alerts of its
 * namespace while nothing worse fires there.
 */
export const INHIBIT_RULES = [
    {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity=~"warning|info"'],
        equal: ["namespace", "alertname"],
    },
    {
        source_matchers: ['severity="warning"'],
        target_matchers: ['severity="info"'],
        equal: ["namespace", "alertname"],
    },
    {
        source_matchers: ['alertname="InfoInhibitor"'],
        target_matchers: ['severity="info"'],
        equal: ["namespace"],
    },
    { target_matchers: ['alertname="InfoInhibitor"'] },
] as const;

/**
 * The `receivers:` line of the template: {@link NULL_RECEIVER} followed by the receivers of the
 * secret, a JSON array. External Secrets' template engine v2 has Go templates with Sprig's string
 * functions but no JSON list parsing (external-secrets v0.20.4 `pkg/template/v2/template.go`; its
 * `fromYaml` answers maps only), so the array's brackets are trimmed and its items spliced after the
 * null receiver; an empty array leaves the null receiver alone.
 */
export const RECEIVERS_TEMPLATE = `receivers: [{"name":"${NULL_RECEIVER}"}{{ with .receivers | trim | trimPrefix "[" | trimSuffix "]" | trim }},{{ . }}{{ end }}]`;

/**
 * The `alertmanager.yaml` template of the ExternalSecret that builds {@link ALERTMANAGER_CONFIG_SECRET}:
 * the route tree comes from stack config, the receivers (webhook URLs, keys) from Secrets Manager as a
 * JSON array, substituted by External Secrets, so no credential reaches Pulumi. The heartbeat alerts
 * ({@link HEARTBEAT_ROUTES}) go to the null receiver before any configured route sees them, so
 * `Watchdog` never pages. JSON is valid YAML, so the template stays one YAML document.
 */
export function alertmanagerConfigTemplate(route: AlertRoute): string {
    const tree = {
        receiver: route.receiver,
        group_by: [...route.groupBy],
        group_wait: route.groupWait,
        group_interval: route.groupInterval,
        repeat_interval: route.repeatInterval,
        routes: [...HEARTBEAT_ROUTES, ...route.routes].map((r) => ({
            matchers: [...r.matchers],
            receiver: r.receiver,
            continue: r.continue,
        })),
    };
    return `route: ${JSON.stringify(tree)}\ninhibit_rules: ${JSON.stringify(INHIBIT_RULES)}\n${RECEIVERS_TEMPLATE}\n`;
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
