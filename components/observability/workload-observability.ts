import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { PART_OF } from "../internal/labels";
import type { Platform } from "../platform/platform";
import { buildWorkloadAlerts } from "./alerts";
import { buildDashboardConfigMap, DashboardKind } from "./dashboards";

/** Arguments for {@link WorkloadObservability}. */
export interface WorkloadObservabilityArgs {
    /**
     * The platform context ({@link createPlatform}); its monitoring stack must be installed: Grafana's
     * namespace and dashboard label, the labels Prometheus selects rules by, and what the ConfigMap
     * and the rule wait for (the monitoring stack and its CRDs, and the application namespace, where
     * the rule lives).
     */
    readonly platform: Platform;
    /** The workload's name (Deployment, Service and `app` label) and namespace. */
    readonly workload: { readonly app: string; readonly namespace: string };
    /**
     * Which dashboard it gets.
     *
     * @default "service"
     */
    readonly dashboard?: DashboardKind;
    /**
     * Whether an HPA scales it (adds the HPA-at-maximum alert).
     *
     * @default false
     */
    readonly autoscaled?: boolean;
}

/**
 * What the platform watches for one workload: its Grafana dashboard (golden signals from Istio
 * metrics, or the ML serving view) and its PrometheusRule (99.99% availability and latency SLO burn
 * rates, crash loops, HPA at maximum).
 */
export class WorkloadObservability extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:observability:WorkloadObservability";

    constructor(
        name: string,
        args: WorkloadObservabilityArgs,
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(WorkloadObservability.__pulumiType, name, {}, opts);
        const monitoring = args.platform.monitoring;
        if (!monitoring) {
            throw new Error(
                `WorkloadObservability '${name}': \`platform.monitoring\` must be set (install the monitoring add-on), got undefined`,
            );
        }
        const k8sOpts = {
            parent: this,
            provider: args.platform.provider,
            dependsOn: [...monitoring.ready, args.platform.namespace.resource],
        };
        const labels = {
            app: args.workload.app,
            "app.kubernetes.io/name": args.workload.app,
            "app.kubernetes.io/part-of": PART_OF,
            "app.kubernetes.io/managed-by": "pulumi",
        };
        new k8s.core.v1.ConfigMap(
            `${name}-dashboard`,
            buildDashboardConfigMap({
                kind: args.dashboard ?? "service",
                workload: args.workload.app,
                workloadNamespace: args.workload.namespace,
                namespace: monitoring.namespace,
                sidecarLabel: monitoring.dashboardLabel,
                labels,
            }),
            k8sOpts,
        );
        new k8s.apiextensions.CustomResource(
            `${name}-slo`,
            buildWorkloadAlerts(
                {
                    name: args.workload.app,
                    namespace: args.workload.namespace,
                    autoscaled: args.autoscaled ?? false,
                },
                { ...labels, ...monitoring.selectorLabels },
            ),
            k8sOpts,
        );
        this.registerOutputs({});
    }
}
