/**
 * metrics-server: the resource metrics API the HorizontalPodAutoscaler reads.
 */
import * as pulumi from "@pulumi/pulumi";

import { podAntiAffinity } from "../../internal/pod";
import { AddonScope, ChartSource, ChartWorkload, helmChart } from "../core/chart";

/** Arguments for {@link installMetricsServer}. */
export interface MetricsServerArgs {
    /** The `metrics-server` chart. */
    readonly source: ChartSource;
    /**
     * Run two replicas with a disruption budget.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
}

/** Pod label the anti-affinity selects (chart `metrics-server.selectorLabels`). */
const METRICS_SERVER_LABELS = { "app.kubernetes.io/name": "metrics-server" };

/**
 * metrics-server values (the HPA reads cpu and memory from it). Chart 3.13.0 of
 * kubernetes-sigs/metrics-server (`charts/metrics-server/values.yaml`) already sets liveness and
 * readiness probes and a restricted securityContext; it has no limits. Highly available: two
 * replicas spread across nodes with `minAvailable: 1`; otherwise one replica and no PDB (a PDB with
 * `minAvailable: 1` over one replica would block every node drain).
 */
export function metricsServerValues(highAvailability: boolean) {
    return {
        replicas: highAvailability ? 2 : 1,
        podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
        affinity: highAvailability ? podAntiAffinity(METRICS_SERVER_LABELS) : {},
        resources: {
            requests: { cpu: "100m", memory: "200Mi" },
            limits: { cpu: "500m", memory: "400Mi" },
        },
    };
}

/** Id of metrics-server's release (`<ClusterAddons>-metrics-server`, {@link releaseName}). */
export const METRICS_SERVER_RELEASE_ID = "metrics-server";

/**
 * The Deployment (and PDB) chart 3.13.0 renders with {@link metricsServerValues}, named after the
 * release (it contains the chart name, `_helpers.tpl` `metrics-server.fullname`); probes, the `/tmp`
 * emptyDir and the container securityContext are the chart's defaults (values.yaml), the pod
 * securityContext is empty.
 *
 * Checked against metrics-server 3.13.0 rendered with helm template and the staging and production
 * values.
 */
export function metricsServerWorkload(
    release: string,
    values: ReturnType<typeof metricsServerValues>,
): ChartWorkload {
    return {
        kind: "Deployment",
        name: release,
        namespace: "kube-system",
        labels: METRICS_SERVER_LABELS,
        replicas: values.replicas,
        pdb: values.podDisruptionBudget.enabled
            ? { minAvailable: values.podDisruptionBudget.minAvailable }
            : undefined,
        podSpec: {
            ...(Object.keys(values.affinity).length > 0 ? { affinity: values.affinity } : {}),
            priorityClassName: "system-cluster-critical",
            containers: [
                {
                    name: "metrics-server",
                    image: "registry.k8s.io/metrics-server/metrics-server:v0.8.0",
                    securityContext: {
                        allowPrivilegeEscalation: false,
                        readOnlyRootFilesystem: true,
                        runAsNonRoot: true,
                        runAsUser: 1000,
                        seccompProfile: { type: "RuntimeDefault" },
                        capabilities: { drop: ["ALL"] },
                    },
                    livenessProbe: {
                        httpGet: { path: "/livez", port: "https", scheme: "HTTPS" },
                        periodSeconds: 10,
                        failureThreshold: 3,
                    },
                    readinessProbe: {
                        httpGet: { path: "/readyz", port: "https", scheme: "HTTPS" },
                        initialDelaySeconds: 20,
                        periodSeconds: 10,
                        failureThreshold: 3,
                    },
                    resources: values.resources,
                    volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
                },
            ],
            volumes: [{ name: "tmp", emptyDir: {} }],
        },
    };
}

/** Installs metrics-server in kube-system. Returns the chart (empty when disabled). */
export function installMetricsServer(
    scope: AddonScope,
    args: MetricsServerArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    return [
        helmChart(
            scope,
            METRICS_SERVER_RELEASE_ID,
            args.source,
            "metrics-server",
            "kube-system",
            metricsServerValues(args.highAvailability ?? false),
        ),
    ];
}
