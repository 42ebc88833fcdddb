/**
 * The workloads kube-prometheus-stack renders with {@link kubePrometheusStackValues}, as
 * {@link ChartWorkload}s, so tests can run the policy pack's own checks on them.
 *
 * Read in prometheus-community/helm-charts at cf408a29 (kube-prometheus-stack 88.5.3, operator
 * v0.93.1): `charts/kube-prometheus-stack/templates/prometheus-operator/deployment.yaml` (one replica,
 * fixed; probes `/healthz` on `http` when TLS is off) and `values.yaml` (`prometheusOperator.*Probe`
 * enabled); `charts/kube-state-metrics/templates/deployment.yaml` 8.4.0 (probes `/livez` on `http`,
 * `/readyz` on `metrics`); `charts/prometheus-node-exporter/templates/daemonset.yaml` and `_helpers.tpl`
 * 4.56.1 (host network and PID, host paths `/proc`, `/sys` and `/`, the default node affinity that
 * skips Fargate, the `NoSchedule` toleration, distroless image); grafana-community/helm-charts at
 * 3386a115, `charts/grafana/templates/_pod.tpl` and `values.yaml` 12.11.1 (containers, init containers
 * and volumes per sidecar setting, probes on `/api/health`).
 *
 * Prometheus and Alertmanager pods are not here: the operator creates their StatefulSets from the
 * `Prometheus` and `Alertmanager` objects at run time, so neither the engine nor the pack sees them;
 * their resources, securityContext and anti-affinity are set in the values all the same.
 */
import { ChartWorkload } from "../core/chart";
import {
    kubePrometheusStackValues,
    MONITORING_NAMESPACE,
    MONITORING_RELEASE,
    NODE_EXPORTER_NAMESPACE,
} from "./monitoring-values";

type Values = ReturnType<typeof kubePrometheusStackValues>;

const instance = { "app.kubernetes.io/instance": MONITORING_RELEASE };

/** The operator Deployment (`<release>-operator`). */
function operatorWorkload(v: Values): ChartWorkload {
    const o = v.prometheusOperator;
    const probe = {
        httpGet: { path: "/healthz", port: "http", scheme: "HTTP" },
        periodSeconds: 10,
    };
    return {
        kind: "Deployment",
        name: `${MONITORING_RELEASE}-operator`,
        namespace: MONITORING_NAMESPACE,
        labels: { app: `${MONITORING_RELEASE}-operator`, release: MONITORING_RELEASE },
        replicas: 1,
        podSpec: {
            securityContext: o.securityContext,
            affinity: o.affinity,
            containers: [
                {
                    name: MONITORING_RELEASE,
                    image: "quay.io/prometheus-operator/prometheus-operator:v0.93.1",
                    ports: [{ containerPort: 8080, name: "http" }],
                    resources: o.resources,
                    securityContext: o.containerSecurityContext,
                    readinessProbe: probe,
                    livenessProbe: probe,
                },
            ],
        },
    };
}

/** kube-state-metrics (`<release>-kube-state-metrics`). */
function kubeStateMetricsWorkload(v: Values): ChartWorkload {
    const k = v["kube-state-metrics"];
    return {
        kind: "Deployment",
        name: `${MONITORING_RELEASE}-kube-state-metrics`,
        namespace: MONITORING_NAMESPACE,
        labels: { "app.kubernetes.io/name": "kube-state-metrics", ...instance },
        replicas: 1,
        podSpec: {
            securityContext: k.securityContext,
            affinity: k.affinity,
            containers: [
                {
                    name: "kube-state-metrics",
                    image: "registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0",
                    ports: [
                        { containerPort: 8080, name: "http" },
                        { containerPort: 8081, name: "metrics" },
                    ],
                    livenessProbe: { httpGet: { path: "/livez", port: "http", scheme: "HTTP" } },
                    readinessProbe: {
                        httpGet: { path: "/readyz", port: "metrics", scheme: "HTTP" },
                    },
                    resources: k.resources,
                    securityContext: k.containerSecurityContext,
                },
            ],
        },
    };
}

/** node-exporter on every node (`<release>-prometheus-node-exporter`, in its own namespace). */
function nodeExporterWorkload(v: Values): ChartWorkload {
    const n = v["prometheus-node-exporter"];
    const probe = {
        httpGet: { path: "/", port: "http-metrics", scheme: "HTTP" },
        periodSeconds: 10,
    };
    return {
        kind: "DaemonSet",
        name: `${MONITORING_RELEASE}-prometheus-node-exporter`,
        namespace: NODE_EXPORTER_NAMESPACE,
        labels: { "app.kubernetes.io/name": "prometheus-node-exporter", ...instance },
        podSpec: {
            hostNetwork: true,
            hostPID: true,
            hostIPC: false,
            securityContext: {
                fsGroup: 65534,
                runAsGroup: 65534,
                runAsNonRoot: true,
                runAsUser: 65534,
            },
            affinity: {
                nodeAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [
                            {
                                matchExpressions: [
                                    {
                                        key: "eks.amazonaws.com/compute-type",
                                        operator: "NotIn",
                                        values: ["fargate"],
                                    },
                                    { key: "type", operator: "NotIn", values: ["virtual-kubelet"] },
                                ],
                            },
                        ],
                    },
                },
            },
            tolerations: [{ effect: "NoSchedule", operator: "Exists" }],
            containers: [
                {
                    name: "node-exporter",
                    image: "quay.io/prometheus/node-exporter:v1.12.1-distroless",
                    ports: [{ name: "http-metrics", containerPort: 9100, protocol: "TCP" }],
                    livenessProbe: probe,
                    readinessProbe: probe,
                    resources: n.resources,
                    securityContext: n.containerSecurityContext,
                    volumeMounts: [
                        { name: "proc", mountPath: "/host/proc", readOnly: true },
                        { name: "sys", mountPath: "/host/sys", readOnly: true },
                        {
                            name: "root",
                            mountPath: "/host/root",
                            mountPropagation: "HostToContainer",
                            readOnly: true,
                        },
                    ],
                },
            ],
            volumes: [
                { name: "proc", hostPath: { path: "/proc" } },
                { name: "sys", hostPath: { path: "/sys" } },
                { name: "root", hostPath: { path: "/" } },
            ],
        },
    };
}

/** Grafana (`<release>-grafana`): Grafana itself and the sidecars and init containers its values ask for. */
function grafanaWorkload(v: Values): ChartWorkload {
    const g = v.grafana;
    const sidecar = (name: string, mount: string, volume: string) => ({
        name,
        image: "quay.io/kiwigrid/k8s-sidecar:2.10.1",
        livenessProbe: g.sidecar.livenessProbe,
        readinessProbe: g.sidecar.readinessProbe,
        resources: g.sidecar.resources,
        securityContext: g.sidecar.securityContext,
        volumeMounts: [{ name: volume, mountPath: mount }],
    });
    const datasources = g.sidecar.datasources;
    const datasourceSidecar = sidecar(
        "grafana-init-sc-datasources",
        "/etc/grafana/provisioning/datasources",
        "sc-datasources-volume",
    );
    const initContainers =
        datasources.enabled && datasources.initDatasources ? [datasourceSidecar] : [];
    const containers = [
        ...(g.sidecar.dashboards.enabled
            ? [sidecar("grafana-sc-dashboard", "/tmp/dashboards", "sc-dashboard-volume")]
            : []),
        ...(datasources.enabled && !datasources.initDatasources
            ? [{ ...datasourceSidecar, name: "grafana-sc-datasources" }]
            : []),
        {
            name: "grafana",
            image: "docker.io/grafana/grafana:13.2.0",
            ports: [{ name: "grafana", containerPort: 3000, protocol: "TCP" }],
            readinessProbe: { httpGet: { path: "/api/health", port: "grafana" } },
            livenessProbe: {
                httpGet: { path: "/api/health", port: "grafana" },
                initialDelaySeconds: 60,
                timeoutSeconds: 30,
                failureThreshold: 10,
            },
            resources: g.resources,
            // Helm merges our map into the chart's default (grafana values.yaml
            // `containerSecurityContext`), whose `privileged: false` we do not set.
            securityContext: { privileged: false, ...g.containerSecurityContext },
            volumeMounts: [
                { name: "config", mountPath: "/etc/grafana/grafana.ini", subPath: "grafana.ini" },
                ...g.extraConfigmapMounts.map((m) => ({
                    name: m.name,
                    mountPath: m.mountPath,
                    readOnly: m.readOnly,
                })),
                { name: "storage", mountPath: "/var/lib/grafana" },
                { name: "search", mountPath: "/var/lib/grafana-search" },
                ...g.extraEmptyDirMounts.map((m) => ({ name: m.name, mountPath: m.mountPath })),
            ],
        },
    ];
    return {
        kind: "Deployment",
        name: `${MONITORING_RELEASE}-grafana`,
        namespace: MONITORING_NAMESPACE,
        labels: { "app.kubernetes.io/name": "grafana", ...instance },
        replicas: 1,
        podSpec: {
            securityContext: g.securityContext,
            affinity: g.affinity,
            ...(initContainers.length > 0 ? { initContainers } : {}),
            containers,
            volumes: [
                { name: "config", configMap: { name: `${MONITORING_RELEASE}-grafana` } },
                ...g.extraConfigmapMounts.map((m) => ({
                    name: m.name,
                    configMap: { name: m.configMap },
                })),
                { name: "storage", emptyDir: {} },
                { name: "search", emptyDir: {} },
                { name: "sc-dashboard-volume", emptyDir: {} },
                {
                    name: "sc-dashboard-provider",
                    configMap: { name: `${MONITORING_RELEASE}-grafana-config-dashboards` },
                },
                ...(datasources.enabled ? [{ name: "sc-datasources-volume", emptyDir: {} }] : []),
                ...g.extraEmptyDirMounts.map((m) => ({ name: m.name, emptyDir: {} })),
            ],
        },
    };
}

/**
 * Every workload of the chart, in the order the tests list them (named after the fixed release).
 *
 * Checked against kube-prometheus-stack 88.5.3 (kube-state-metrics 8.4.0, prometheus-node-exporter
 * 4.56.1, grafana 12.11.1) rendered with helm template and the staging and production values.
 */
export function monitoringWorkloads(values: Values): ChartWorkload[] {
    return [
        operatorWorkload(values),
        grafanaWorkload(values),
        kubeStateMetricsWorkload(values),
        nodeExporterWorkload(values),
    ];
}
