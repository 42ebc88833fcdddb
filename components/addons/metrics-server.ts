/**
 * metrics-server: the resource metrics API the HorizontalPodAutoscaler reads.
 */
import * as pulumi from "@pulumi/pulumi";

import { AddonScope, ChartSource, helmChart } from "./chart";

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

/** metrics-server values (the HPA reads cpu and memory from it). */
export function metricsServerValues(highAvailability: boolean) {
    return {
        replicas: highAvailability ? 2 : 1,
        podDisruptionBudget: { enabled: highAvailability, minAvailable: 1 },
        resources: {
            requests: { cpu: "100m", memory: "200Mi" },
            limits: { cpu: "500m", memory: "400Mi" },
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
            "metrics-server",
            args.source,
            "metrics-server",
            "kube-system",
            metricsServerValues(args.highAvailability ?? false),
        ),
    ];
}
