import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { PART_OF } from "../internal/labels";
import { buildWorkloadAlerts } from "./alerts";
import { buildDashboardConfigMap, DashboardKind } from "./dashboards";

/** Arguments for {@link WorkloadObservability}. */
export interface WorkloadObservabilityArgs {
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
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
    /** Namespace of Grafana, where the dashboard ConfigMap goes. */
    readonly grafanaNamespace: string;
    /** Label the Grafana sidecar loads dashboards by. */
    readonly dashboardLabel: Readonly<Record<string, string>>;
    /** Labels Prometheus selects rules by ({@link MonitoringInstall.selectorLabels}). */
    readonly ruleSelectorLabels: Readonly<Record<string, string>>;
    /**
     * What the ConfigMap and the rule wait for: the monitoring stack and its CRDs, and the workload's
     * namespace (the rule lives there; a component's own `dependsOn` does not reach its children).
     */
    readonly monitoring: pulumi.Resource[];
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
        const k8sOpts = { parent: this, provider: args.provider, dependsOn: args.monitoring };
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
                namespace: args.grafanaNamespace,
                sidecarLabel: args.dashboardLabel,
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
                { ...labels, ...args.ruleSelectorLabels },
            ),
            k8sOpts,
        );
        this.registerOutputs({});
    }
}
