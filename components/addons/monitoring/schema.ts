/**
 * The `addons.monitoring` config: kube-prometheus-stack and its per-stack settings.
 */
import { z } from "zod";

import { prometheusDurationMs } from "../../../lib/alertmanager/duration";
import { parseMatchers } from "../../../lib/alertmanager/matchers";
import { parseQuantity } from "../../../lib/kubernetes";
import { chartShape, requirePinnedVersion } from "../core/chart-schema";

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
