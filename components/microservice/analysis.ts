/**
 * The canary's analysis: an Argo Rollouts `AnalysisTemplate` that reads Istio's request metrics from
 * Prometheus for the canary's pods only, and fails (aborting the rollout) when its success rate or p99
 * latency breaks the service's thresholds.
 *
 * Sources: argoproj/argo-rollouts (9f8d111d) `docs/analysis/prometheus.md`, `docs/features/analysis.md`
 * ("Failure Conditions and Failure Limit", "Inconclusive Runs", "NaN and Infinity"),
 * `metricproviders/prometheus/prometheus.go` (a scalar result is evaluated as a number),
 * `analysis/analysis.go` (`failed > failureLimit` fails the run); istio/istio `pkg/kube/util.go`
 * (pods of a Rollout's ReplicaSets report the Rollout's name as their workload) and
 * `pkg/kube/labels/labels.go` (canonical revision from `app.kubernetes.io/version`, then `version`).
 */
import { workloadLabels } from "../internal/labels";
import type { ResolvedMicroservice } from "./spec";
import {
    CANARY_VERSION_ARG,
    deliveryNames,
    ResolvedDelivery,
    ROLLOUTS_API_VERSION,
} from "./delivery";

/**
 * Rate window of the queries: four scrapes at the PodMonitor's 30 s interval, so one missed scrape
 * does not empty it. Measurements start one window after the analysis does.
 */
export const ANALYSIS_WINDOW = "2m";

/**
 * Measurements without data (no request reached the canary in the window) are inconclusive: the
 * query returns NaN, which meets neither condition. Two are tolerated; the third pauses the rollout
 * for a human to promote or abort (low-traffic services, e.g. in staging).
 */
export const INCONCLUSIVE_LIMIT = 2;

/**
 * Istio's request metrics of the canary's pods, as the canary's own sidecars report them
 * (`reporter="destination"`): the Rollout's workload name in its namespace, and the canary's version
 * (`destination_canonical_revision`, from the pods' `app.kubernetes.io/version` label) passed as the
 * `canary-version` argument.
 */
export function canarySelector(r: ResolvedMicroservice, extra = ""): string {
    return `reporter="destination",destination_workload_namespace="${r.namespace}",destination_workload="${r.name}",destination_canonical_revision="{{args.${CANARY_VERSION_ARG}}}"${extra}`;
}

/** The success-rate query: non-5xx responses over all responses of the canary, a scalar (NaN without traffic). */
export function successRateQuery(r: ResolvedMicroservice): string {
    const requests = (extra = "") =>
        `sum(rate(istio_requests_total{${canarySelector(r, extra)}}[${ANALYSIS_WINDOW}]))`;
    return `scalar(${requests(',response_code!~"5.."')} / ${requests()})`;
}

/** The p99 latency query (milliseconds) of the canary, a scalar (NaN without traffic). */
export function latencyP99Query(r: ResolvedMicroservice): string {
    return `scalar(histogram_quantile(0.99, sum by (le) (rate(istio_request_duration_milliseconds_bucket{${canarySelector(r)}}[${ANALYSIS_WINDOW}]))))`;
}

/**
 * The AnalysisTemplate: two metrics measured every `interval`, each failing on a measurement beyond
 * its threshold; more than `failureLimit` failed measurements of either fail the run, and Argo
 * Rollouts aborts the rollout (traffic back to stable). Both conditions are stated so that NaN (no
 * traffic) is inconclusive rather than a failure.
 */
export function buildAnalysisTemplate(r: ResolvedMicroservice, d: ResolvedDelivery) {
    const a = d.analysis;
    const provider = (query: string) => ({
        prometheus: { address: d.prometheusUrl, timeout: 30, query },
    });
    const common = {
        interval: a.interval,
        initialDelay: ANALYSIS_WINDOW,
        failureLimit: a.failureLimit,
        inconclusiveLimit: INCONCLUSIVE_LIMIT,
    };
    return {
        apiVersion: ROLLOUTS_API_VERSION,
        kind: "AnalysisTemplate",
        metadata: {
            name: deliveryNames(r.name).analysis,
            namespace: r.namespace,
            labels: workloadLabels(r.name, r.version, r.component),
        },
        spec: {
            args: [{ name: CANARY_VERSION_ARG }],
            metrics: [
                {
                    name: "success-rate",
                    ...common,
                    successCondition: `result >= ${a.successRate}`,
                    failureCondition: `result < ${a.successRate}`,
                    provider: provider(successRateQuery(r)),
                },
                {
                    name: "latency-p99",
                    ...common,
                    successCondition: `result <= ${a.latencyP99Ms}`,
                    failureCondition: `result > ${a.latencyP99Ms}`,
                    provider: provider(latencyP99Query(r)),
                },
            ],
        },
    };
}
