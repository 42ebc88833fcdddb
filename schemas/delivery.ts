/**
 * Schema of a service's `delivery` key: progressive delivery with Argo Rollouts (canary with traffic
 * steps, a header route and Prometheus analysis, or blue-green), and the cross-key rules it needs.
 */
import { z } from "zod";
import { analysisIntervalIssue, pauseDurationIssue } from "../lib/argo-rollouts/duration";
import { ownValue } from "../lib/records";

/**
 * A canary pause as Argo Rollouts reads it (lib/argo-rollouts/duration.ts): integer seconds or a Go
 * duration, at least one whole second.
 */
const pauseDuration = z.union([z.string(), z.number()]).superRefine((d, ctx) => {
    const issue = pauseDurationIssue(d);
    if (issue !== undefined) {
        ctx.addIssue({ code: "custom", message: issue, input: d });
    }
});

/** An AnalysisTemplate interval as Argo Rollouts reads it: a Go duration, at least 1s. */
const analysisInterval = z.string().superRefine((d, ctx) => {
    const issue = analysisIntervalIssue(d);
    if (issue !== undefined) {
        ctx.addIssue({ code: "custom", message: issue, input: d });
    }
});

/** One canary step: raise the canary's traffic share, or pause (without a duration: until promoted). */
const stepSchema = z
    .strictObject({
        setWeight: z.int().min(1).max(100).optional(),
        pause: z.strictObject({ duration: pauseDuration.optional() }).optional(),
    })
    .superRefine((s, ctx) => {
        if ((s.setWeight === undefined) === (s.pause === undefined)) {
            ctx.addIssue({
                code: "custom",
                message: "must set exactly one of setWeight and pause",
                input: s,
            });
        }
    });

/** Analysis thresholds: what the canary must keep up while it takes traffic. */
const analysisSchema = z.strictObject({
    /** Lowest share of non-5xx responses (0 < x <= 1). */
    successRate: z.number().gt(0).max(1).default(0.99),
    /** Highest p99 latency in milliseconds. */
    latencyP99Ms: z.int().min(1).max(60000).default(500),
    /** Time between measurements. */
    interval: analysisInterval.default("1m"),
    /** Failed measurements tolerated before the analysis fails and the rollout aborts. */
    failureLimit: z.int().min(0).max(10).default(1),
});

/** The `delivery` key of a service. */
export const deliverySchema = z
    .strictObject({
        strategy: z.enum(["canary", "blueGreen"]),
        steps: z.array(stepSchema).optional(),
        headerRoute: z
            .strictObject({
                name: z.string().regex(/^[a-z0-9-]+$/, "must be a lowercase header name"),
                exact: z.string().min(1).max(256),
            })
            .optional(),
        analysis: analysisSchema.default({
            successRate: 0.99,
            latencyP99Ms: 500,
            interval: "1m",
            failureLimit: 1,
        }),
        autoPromotionSeconds: z.int().min(0).max(86400).optional(),
    })
    .superRefine((d, ctx) => {
        if (d.strategy === "canary") {
            checkCanarySteps(d.steps, ctx);
            if (d.autoPromotionSeconds !== undefined) {
                ctx.addIssue({
                    code: "custom",
                    path: ["autoPromotionSeconds"],
                    message:
                        "must be unset with strategy canary (its steps and pauses decide promotion)",
                    input: d.autoPromotionSeconds,
                });
            }
            return;
        }
        if (d.steps !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["steps"],
                message:
                    "must be unset with strategy blueGreen (it switches all traffic at promotion)",
                input: d.steps,
            });
        }
        if (d.headerRoute !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["headerRoute"],
                message:
                    "must be unset with strategy blueGreen: a header route sends requests to the canary subset, and only strategy canary runs a canary",
                input: d.headerRoute,
            });
        }
    });

/** A validated `delivery` key. */
export type DeliveryConfig = z.output<typeof deliverySchema>;

/** Canary steps must raise the weight step by step and end at 100 before promotion. */
function checkCanarySteps(steps: DeliveryConfig["steps"], ctx: z.RefinementCtx): void {
    if (steps === undefined || steps.length === 0) {
        ctx.addIssue({
            code: "custom",
            path: ["steps"],
            message: "must list the canary's steps (setWeight and pause) with strategy canary",
            input: steps,
        });
        return;
    }
    const weights = steps.flatMap((s) => (s.setWeight === undefined ? [] : [s.setWeight]));
    if (weights.some((w) => !(w >= 1 && w <= 100))) {
        return; // reported on the step itself
    }
    const rising = weights.every((w, i) => i === 0 || w > weights[i - 1]);
    if (!rising || weights[weights.length - 1] !== 100) {
        ctx.addIssue({
            code: "custom",
            path: ["steps"],
            message:
                "must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100",
            input: weights,
        });
    }
}

/** What the delivery checks read of the stack config. */
interface DeliveryContext {
    readonly services: Readonly<Record<string, { readonly delivery?: DeliveryConfig }>>;
    readonly addons: {
        readonly monitoring: { readonly enabled: boolean };
        readonly argoRollouts: { readonly enabled: boolean };
    };
    readonly mesh: { readonly services: Readonly<Record<string, { readonly canary?: unknown }>> };
}

/**
 * Cross-key rules: a service with `delivery` needs Argo Rollouts (it runs the Rollout) and Prometheus
 * (the analysis queries it), and leaves the canary weights and header route to Argo Rollouts instead
 * of `mesh.services.<name>.canary` (one owner of the traffic split).
 */
export function checkDelivery(c: DeliveryContext, ctx: z.RefinementCtx): void {
    for (const [name, service] of Object.entries(c.services)) {
        if (service.delivery === undefined) {
            continue;
        }
        const path = ["services", name, "delivery", "strategy"];
        const strategy = service.delivery.strategy;
        if (!c.addons.argoRollouts.enabled) {
            ctx.addIssue({
                code: "custom",
                path,
                message:
                    "needs addons.argoRollouts.enabled: true (Argo Rollouts runs the service's Rollout); enable the add-on or remove delivery",
                input: strategy,
            });
        }
        if (!c.addons.monitoring.enabled) {
            ctx.addIssue({
                code: "custom",
                path,
                message:
                    "needs addons.monitoring.enabled: true (the analysis queries Prometheus for the canary's success rate and p99 latency); enable monitoring or remove delivery",
                input: strategy,
            });
        }
        const canary = ownValue(c.mesh.services, name)?.canary;
        if (canary !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["mesh", "services", name, "canary"],
                message: `must be unset while services.${name}.delivery is declared (Argo Rollouts sets the canary weight and header route)`,
                input: canary,
            });
        }
    }
}
