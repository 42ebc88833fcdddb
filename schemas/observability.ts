/**
 * Cross-key checks of the observability add-ons (monitoring, prometheus-adapter, EBS CSI driver,
 * logging, tracing) that keep them consistent with each other and with the workloads that rely on
 * them. The add-ons' own schemas live in their folders (`components/addons/<add-on>/schema.ts`).
 */
import { z } from "zod";

import type { monitoringSchema } from "../components/addons/monitoring/schema";

/** What the observability checks read from the validated config. */
export interface ObservabilityView {
    readonly environment: string;
    readonly addons: {
        readonly istio: { readonly enabled: boolean };
        readonly externalSecrets: { readonly enabled: boolean };
        readonly monitoring: z.output<typeof monitoringSchema>;
        readonly prometheusAdapter: { readonly enabled: boolean };
        readonly ebsCsiDriver: { readonly enabled: boolean };
        readonly logging: { readonly enabled: boolean };
        readonly tracing: { readonly enabled: boolean };
    };
    readonly services: Record<string, { readonly autoscaling?: { requestsPerSecond?: number } }>;
    readonly mlWorkloads: Record<string, { readonly autoscaling?: { requestsPerSecond?: number } }>;
}

/**
 * Cross-key checks: each add-on has what it needs, production runs Prometheus highly available, and an
 * HPA names only Pods metrics the platform serves (`requestsPerSecond` needs Prometheus and the adapter,
 * or the HPA would never scale down).
 */
export function checkObservability(c: ObservabilityView, ctx: z.RefinementCtx): void {
    const a = c.addons;
    const issue = (path: PropertyKey[], message: string, input: unknown) =>
        ctx.addIssue({ code: "custom", path, message, input });
    if (a.monitoring.enabled) {
        if (!a.ebsCsiDriver.enabled) {
            issue(
                ["addons", "ebsCsiDriver", "enabled"],
                "must be true while addons.monitoring.enabled is true (Prometheus and Alertmanager keep their data on EBS volumes)",
                false,
            );
        }
        if (!a.externalSecrets.enabled) {
            issue(
                ["addons", "externalSecrets", "enabled"],
                "must be true while addons.monitoring.enabled is true (Grafana's admin password and the Alertmanager receivers come from Secrets Manager)",
                false,
            );
        }
        if (c.environment === "production" && a.monitoring.prometheus.replicas < 2) {
            issue(
                ["addons", "monitoring", "prometheus", "replicas"],
                "must be >= 2 in production (one Prometheus per zone keeps alerting through a node loss)",
                a.monitoring.prometheus.replicas,
            );
        }
    }
    if (a.prometheusAdapter.enabled && !a.monitoring.enabled) {
        issue(
            ["addons", "prometheusAdapter", "enabled"],
            "must be false while addons.monitoring.enabled is false (the adapter reads Prometheus)",
            true,
        );
    }
    if (a.tracing.enabled && !a.istio.enabled) {
        issue(
            ["addons", "tracing", "enabled"],
            "must be false while addons.istio.enabled is false (the sidecars produce the spans)",
            true,
        );
    }
    const served = a.monitoring.enabled && a.prometheusAdapter.enabled;
    for (const [key, workloads] of [
        ["services", c.services],
        ["mlWorkloads", c.mlWorkloads],
    ] as const) {
        for (const [name, w] of Object.entries(workloads)) {
            const rps = w.autoscaling?.requestsPerSecond;
            if (rps !== undefined && !served) {
                issue(
                    [key, name, "autoscaling", "requestsPerSecond"],
                    "must not be set while addons.monitoring or addons.prometheusAdapter is disabled (nothing would serve the http_requests_per_second Pods metric and the HPA would never scale down)",
                    rps,
                );
            }
        }
    }
}
