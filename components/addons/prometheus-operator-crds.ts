/**
 * The Prometheus operator CRDs (ServiceMonitor, PrometheusRule), so services can declare scraping and
 * alerts before (or without) a Prometheus.
 */
import * as pulumi from "@pulumi/pulumi";

import { AddonScope, ChartSource, helmChart } from "./chart";

/** Arguments for {@link installPrometheusOperatorCrds}. */
export interface PrometheusOperatorCrdsArgs {
    /** The `prometheus-operator-crds` chart. */
    readonly source: ChartSource;
}

/**
 * Installs the CRDs. Returns what ServiceMonitor and PrometheusRule objects must depend on (empty when
 * disabled).
 */
export function installPrometheusOperatorCrds(
    scope: AddonScope,
    args: PrometheusOperatorCrdsArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    return [
        helmChart(
            scope,
            "prometheus-operator-crds",
            args.source,
            "prometheus-operator-crds",
            "kube-system",
            {},
        ),
    ];
}
