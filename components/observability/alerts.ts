/**
 * Per-workload alert rules: error-rate and latency SLOs for the seed's 99.99% availability target as
 * multi-window, multi-burn-rate alerts (Google SRE Workbook, "Alerting on SLOs", table 5-8: page at
 * 14.4x over 1h and 5m or 6x over 6h and 30m; ticket at 3x over 1d and 2h or 1x over 3d and 6h),
 * computed from Istio's request metrics so services need no instrumentation, plus crash-looping pods
 * and an HPA pinned at its maximum (kube-state-metrics).
 *
 * @see https://sre.google/workbook/alerting-on-slos/
 */
import { bucketMatcher } from "./prometheus-labels";

/** The seed's availability target. */
export const AVAILABILITY_OBJECTIVE = 0.9999;
/**
 * Requests slower than this (ms) count against the latency SLO. It must be a bucket bound of
 * `istio_request_duration_milliseconds` (Envoy's default histogram buckets, envoyproxy/envoy
 * `source/common/stats/histogram_impl.cc` `defaultBuckets`: 0.5, 1, 5, 10, 25, 50, 100, 250, 500,
 * 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000, 1800000, 3600000), selected in the form
 * Prometheus 3 stores it (`le="500.0"`, see `prometheus-labels.ts`).
 */
export const LATENCY_THRESHOLD_MS = 500;

/** One burn-rate alert: both windows must burn faster than `factor` times the budget. */
export interface BurnRateWindow {
    readonly long: string;
    readonly short: string;
    readonly factor: number;
    readonly severity: "critical" | "warning";
}

/** The SRE Workbook's recommended windows for a 30-day budget. */
export const BURN_RATE_WINDOWS: readonly BurnRateWindow[] = [
    { long: "1h", short: "5m", factor: 14.4, severity: "critical" },
    { long: "6h", short: "30m", factor: 6, severity: "critical" },
    { long: "1d", short: "2h", factor: 3, severity: "warning" },
    { long: "3d", short: "6h", factor: 1, severity: "warning" },
];

/** Every window a recording rule is needed for. */
export function sloWindows(windows: readonly BurnRateWindow[] = BURN_RATE_WINDOWS): string[] {
    return [...new Set(windows.flatMap((w) => [w.short, w.long]))];
}

/** What the rules need to know about a workload. */
export interface AlertTarget {
    readonly name: string;
    readonly namespace: string;
    /** Whether an HPA scales it (the HPA-at-max alert is only built then). */
    readonly autoscaled: boolean;
}

const requests = (t: AlertTarget, extra = "") =>
    `istio_requests_total{reporter="destination",destination_workload_namespace="${t.namespace}",destination_workload="${t.name}"${extra}}`;
const durations = (t: AlertTarget, suffix: string, extra = "") =>
    `istio_request_duration_milliseconds_${suffix}{reporter="destination",destination_workload_namespace="${t.namespace}",destination_workload="${t.name}"${extra}}`;

/** Recording rule names (one series per workload, selected by the `service` label). */
export const ERROR_RATIO = (window: string) => `slo:request_errors:ratio_rate${window}`;
export const SLOW_RATIO = (window: string) => `slo:request_slow:ratio_rate${window}`;

/** Recording rules: the error and slow-request ratios over every window. */
export function sloRecordingRules(t: AlertTarget) {
    const labels = { service: t.name, namespace: t.namespace };
    return sloWindows().flatMap((w) => [
        {
            record: ERROR_RATIO(w),
            expr: `sum(rate(${requests(t, ',response_code=~"5.."')}[${w}])) / sum(rate(${requests(t)}[${w}]))`,
            labels,
        },
        {
            record: SLOW_RATIO(w),
            expr: `1 - (sum(rate(${durations(t, "bucket", `,${bucketMatcher(LATENCY_THRESHOLD_MS)}`)}[${w}])) / sum(rate(${durations(t, "count")}[${w}])))`,
            labels,
        },
    ]);
}

/** Multi-window burn-rate alerts on one ratio. */
function burnRateAlerts(
    t: AlertTarget,
    alert: string,
    ratio: (window: string) => string,
    what: string,
) {
    const budget = +(1 - AVAILABILITY_OBJECTIVE).toFixed(6);
    const sel = `{service="${t.name}",namespace="${t.namespace}"}`;
    return BURN_RATE_WINDOWS.map((w) => {
        const threshold = +(w.factor * budget).toFixed(8);
        return {
            alert,
            expr: `${ratio(w.long)}${sel} > ${threshold} and ${ratio(w.short)}${sel} > ${threshold}`,
            for: w.severity === "critical" ? "2m" : "15m",
            labels: {
                severity: w.severity,
                service: t.name,
                slo: "availability-99.99",
                window: w.long,
            },
            annotations: {
                summary: `${t.name} is burning its ${AVAILABILITY_OBJECTIVE * 100}% ${what} budget ${w.factor}x too fast (${w.long} and ${w.short} windows)`,
            },
        };
    });
}

/** The PrometheusRule of one workload: SLO recording rules and alerts, crash loops, HPA at maximum. */
export function buildWorkloadAlerts(t: AlertTarget, labels: Readonly<Record<string, string>>) {
    const podRegex = `${t.name}-[a-z0-9]+-[a-z0-9]+`;
    return {
        apiVersion: "monitoring.coreos.com/v1",
        kind: "PrometheusRule",
        metadata: { name: `${t.name}-slo`, namespace: t.namespace, labels: { ...labels } },
        spec: {
            groups: [
                { name: `${t.name}.slo.records`, interval: "30s", rules: sloRecordingRules(t) },
                {
                    name: `${t.name}.slo.alerts`,
                    rules: [
                        ...burnRateAlerts(t, "ServiceErrorBudgetBurn", ERROR_RATIO, "availability"),
                        ...burnRateAlerts(t, "ServiceLatencyBudgetBurn", SLOW_RATIO, "latency"),
                    ],
                },
                {
                    name: `${t.name}.workload.alerts`,
                    rules: [
                        {
                            alert: "PodCrashLooping",
                            expr: `max_over_time(kube_pod_container_status_waiting_reason{namespace="${t.namespace}",pod=~"${podRegex}",reason="CrashLoopBackOff"}[5m]) >= 1`,
                            for: "15m",
                            labels: { severity: "warning", service: t.name },
                            annotations: {
                                summary: `a pod of ${t.name} is crash-looping ({{ $labels.pod }}, container {{ $labels.container }})`,
                            },
                        },
                        ...(t.autoscaled
                            ? [
                                  {
                                      alert: "HpaAtMaximum",
                                      expr: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${t.namespace}",horizontalpodautoscaler="${t.name}"} >= kube_horizontalpodautoscaler_spec_max_replicas{namespace="${t.namespace}",horizontalpodautoscaler="${t.name}"}`,
                                      for: "15m",
                                      labels: { severity: "warning", service: t.name },
                                      annotations: {
                                          summary: `${t.name} has run at its HPA maximum for 15 minutes; raise maxReplicas or the node capacity`,
                                      },
                                  },
                              ]
                            : []),
                    ],
                },
            ],
        },
    };
}
