/**
 * Schemas of the observability add-ons under the `addons` config key (monitoring, prometheus-adapter,
 * EBS CSI driver, logging, tracing) and the cross-key checks that keep them consistent with the
 * workloads that rely on them.
 */
import { z } from "zod";

import { prometheusDurationMs } from "../lib/alertmanager/duration";
import { parseMatchers } from "../lib/alertmanager/matchers";
import { parseQuantity } from "../lib/kubernetes";
import { chartShape, LOG_RETENTION_DAYS, requirePinnedVersion } from "./common";

/**
 * A Prometheus duration (`15d`, `12h`, `1h30m`), as Prometheus and Alertmanager parse it
 * (lib/alertmanager/duration.ts); `nonZero` refuses `0` with the reason.
 */
const promDuration = (nonZero?: string) =>
    z.string().superRefine((d, ctx) => {
        const ms = prometheusDurationMs(d);
        if (ms === undefined) {
            ctx.addIssue({
                code: "custom",
                message:
                    "must be a Prometheus duration like 30s, 15d or 1h30m (whole numbers; units y, w, d, h, m, s, ms, largest first)",
                input: d,
            });
        } else if (ms === 0 && nonZero !== undefined) {
            ctx.addIssue({
                code: "custom",
                message: `must be longer than 0 (${nonZero})`,
                input: d,
            });
        }
    });
const storageQuantity = z
    .string()
    .refine((q) => parseQuantity(q) !== undefined && /^\d+(Mi|Gi|Ti)$/.test(q), {
        message: "must be a storage size like 50Gi",
    });
/** A key of a shared secret under `<secretsPrefix>/shared/`. */
const sharedSecretKey = z
    .string()
    .regex(/^[A-Za-z0-9_+=.@-]+$/, "must be a secret name under <secretsPrefix>/shared/ (no /)");
const receiverName = z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, "must be an Alertmanager receiver name (letters, digits, _ and -)");
/** One `matchers:` line, as Alertmanager parses it (lib/alertmanager/matchers.ts). */
const matcher = z.string().superRefine((line, ctx) => {
    const parsed = parseMatchers(line);
    if (typeof parsed === "string") {
        ctx.addIssue({
            code: "custom",
            message: `must be Alertmanager matchers like severity="critical" or team=~"web|api" (${parsed})`,
            input: line,
        });
    }
});
/**
 * Alertmanager's `group_by`: label names, each once, or `...` alone (group by every label);
 * prometheus/alertmanager config/config.go `Route.UnmarshalYAML`.
 */
const groupBy = z
    .array(
        z
            .string()
            .regex(
                /^(\.\.\.|[a-zA-Z_][a-zA-Z0-9_]*)$/,
                "must be a label name (letters, digits and _, not starting with a digit) or ...",
            ),
    )
    .superRefine((labels, ctx) => {
        const seen = new Set<string>();
        labels.forEach((l, i) => {
            if (seen.has(l)) {
                ctx.addIssue({
                    code: "custom",
                    path: [i],
                    message: "must not repeat a label",
                    input: l,
                });
            }
            seen.add(l);
        });
        if (labels.includes("...") && labels.length > 1) {
            ctx.addIssue({
                code: "custom",
                message:
                    "must be ... alone or label names without ... (Alertmanager refuses both at once)",
                input: labels,
            });
        }
    });

const routeSchema = z.strictObject({
    receiver: receiverName,
    groupBy: groupBy.default(["alertname", "namespace", "service"]),
    groupWait: promDuration().default("30s"),
    groupInterval: promDuration("Alertmanager refuses a zero group_interval").default("5m"),
    repeatInterval: promDuration("Alertmanager refuses a zero repeat_interval").default("4h"),
    routes: z
        .array(
            z.strictObject({
                matchers: z.array(matcher).min(1),
                receiver: receiverName,
                continue: z.boolean().default(false),
            }),
        )
        .default([]),
});

/** kube-prometheus-stack: Prometheus, Alertmanager, Grafana, the operator and the exporters. */
export const monitoringSchema = z
    .strictObject({
        ...chartShape("https://prometheus-community.github.io/helm-charts"),
        prometheus: z
            .strictObject({
                replicas: z.int().min(1).max(5).default(1),
                retention: promDuration(
                    "Prometheus reads a zero retention as its 15d default, not as no retention",
                ).default("15d"),
                storageSize: storageQuantity.default("50Gi"),
            })
            .default({ replicas: 1, retention: "15d", storageSize: "50Gi" }),
        alertmanager: z
            .strictObject({
                replicas: z.int().min(1).max(5).default(1),
                storageSize: storageQuantity.default("5Gi"),
                /**
                 * Shared secret holding the receivers (a JSON array of Alertmanager receivers, with
                 * their webhook URLs and keys), so no credential passes through Pulumi.
                 */
                receiversSecret: sharedSecretKey.default("alertmanager-receivers"),
                route: routeSchema.default({
                    receiver: "default",
                    groupBy: ["alertname", "namespace", "service"],
                    groupWait: "30s",
                    groupInterval: "5m",
                    repeatInterval: "4h",
                    routes: [],
                }),
            })
            .prefault({}),
        grafana: z
            .strictObject({
                /** Shared secret with the `username` and `password` properties of Grafana's admin. */
                adminSecret: sharedSecretKey.default("grafana-admin"),
            })
            .default({ adminSecret: "grafana-admin" }),
    })
    .superRefine(requirePinnedVersion);

/** prometheus-adapter: serves the custom metrics API (Pods metrics for the HPA) from Prometheus. */
export const prometheusAdapterSchema = z
    .strictObject(chartShape("https://prometheus-community.github.io/helm-charts"))
    .superRefine(requirePinnedVersion);

/** The EBS CSI driver as an EKS managed add-on (persistent volumes for Prometheus and Alertmanager). */
export const ebsCsiDriverSchema = z
    .strictObject({
        enabled: z.boolean().default(true),
        version: z
            .string()
            .regex(
                /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
                "must be an EKS add-on version like v1.48.0-eksbuild.1",
            )
            .optional(),
    })
    .superRefine((c, ctx) => {
        if (c.enabled && c.version === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["version"],
                message: "must pin an EKS add-on version when the add-on is enabled",
                input: c.version,
            });
        }
    });

/** Fluent Bit (aws-for-fluent-bit) shipping container logs to CloudWatch Logs. */
export const loggingSchema = z
    .strictObject({
        ...chartShape("https://aws.github.io/eks-charts"),
        retentionDays: z
            .int()
            .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d) && d >= 30, {
                message: `must be a CloudWatch retention period of at least 30 days (the seed's retention): ${LOG_RETENTION_DAYS.filter((d) => d >= 30).join(", ")}`,
            })
            .default(30),
    })
    .superRefine(requirePinnedVersion);

/** The OpenTelemetry collector receiving Istio's spans and exporting them to AWS X-Ray. */
export const tracingSchema = z
    .strictObject({
        ...chartShape("https://open-telemetry.github.io/opentelemetry-helm-charts"),
        samplingPercent: z.number().min(0).max(100).default(10),
    })
    .superRefine(requirePinnedVersion);

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
