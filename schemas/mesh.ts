/**
 * Schema of the `mesh` config key: Istio security and traffic intents per service.
 */
import { z } from "zod";

import { trustDomain } from "./identities";
import { durationMs, istioDuration } from "./mesh-facts";
import { reasonSchema } from "./reason";
import { ownValue } from "../lib/records";

export { durationMs };

const percent = z.number().min(0).max(100);
const method = z.enum(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/**
 * Retry conditions Istio passes to Envoy (`x-envoy-retry-on` and `x-envoy-retry-grpc-on`), or HTTP
 * status codes.
 *
 * @see https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRetry
 * @see https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-retry-on
 */
export const RETRY_CONDITIONS = [
    "5xx",
    "gateway-error",
    "reset",
    "reset-before-request",
    "connect-failure",
    "envoy-ratelimited",
    "retriable-4xx",
    "refused-stream",
    "retriable-status-codes",
    "retriable-headers",
    "http3-post-connect-failure",
    "cancelled",
    "deadline-exceeded",
    "internal",
    "resource-exhausted",
    "unavailable",
] as const;

const retryOn = z
    .string()
    .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, "must be a comma-separated list of retry conditions")
    .superRefine((v, ctx) => {
        const unknown = v
            .split(",")
            .filter(
                (c) =>
                    !(RETRY_CONDITIONS as readonly string[]).includes(c) && !/^[1-5]\d\d$/.test(c),
            );
        if (unknown.length > 0) {
            ctx.addIssue({
                code: "custom",
                message: `must list Envoy retry conditions (${RETRY_CONDITIONS.join(", ")}) or HTTP status codes; unknown: ${unknown.join(", ")}`,
                input: v,
            });
        }
    });

const apiPath = z.string().regex(/^\/[\w\-./]*$/, "must be an HTTP path starting with /");

/** A POST or PATCH API whose handler is idempotent, opted in to retries on `retryOn`. */
const idempotentRouteSchema = z
    .strictObject({
        prefix: apiPath.optional(),
        exact: apiPath.optional(),
        methods: z
            .array(z.enum(["POST", "PATCH"]))
            .min(1)
            .default(["POST"]),
    })
    .superRefine((r, ctx) => {
        if ((r.prefix === undefined) === (r.exact === undefined)) {
            ctx.addIssue({
                code: "custom",
                message: "must set exactly one of prefix and exact",
                input: r,
            });
        }
    });

/** An external HTTPS host a service calls (TLS on `port`); in-cluster names need no entry. */
const egressHostSchema = z.strictObject({
    host: z
        .string()
        .regex(
            /^(\*\.)?([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,63}$/,
            "must be a DNS name like api.example.com or *.example.com",
        )
        // Names the cluster's DNS answers (a Service as <svc>.<ns>.svc[.cluster.local], the search
        // path, mDNS .local) are in-mesh: a ServiceEntry for one would override the mesh's own
        // routing for it (Kubernetes DNS for Services and Pods; RFC 6762 for .local).
        .refine((h) => !/(^|\.)(svc|local|localhost)$/.test(h), {
            message:
                "must be outside the cluster (in-cluster Services, *.svc and *.local names, need no egress entry)",
        }),
    port: z.int().min(1).max(65535).default(443),
});

const faultSchema = z
    .strictObject({
        delay: z.strictObject({ percentage: percent, fixedDelay: istioDuration }).optional(),
        abort: z
            .strictObject({ percentage: percent, httpStatus: z.int().min(400).max(599) })
            .optional(),
    })
    .refine((f) => f.delay !== undefined || f.abort !== undefined, {
        message: "must set delay or abort",
    });

export const meshServiceSchema = z
    .strictObject({
        /** Per caller: allowed methods and paths (callers themselves come from services.<name>.callers). */
        rules: z
            .record(
                z.string(),
                z.strictObject({
                    methods: z.array(method).min(1).optional(),
                    paths: z
                        .array(z.string().regex(/^\/[\w\-./*]*$/, "must be a path like /api/*"))
                        .min(1)
                        .optional(),
                }),
            )
            .default({}),
        timeout: istioDuration.default("10s"),
        retries: z
            .strictObject({
                attempts: z.int().min(0).max(10).default(3),
                perTryTimeout: istioDuration.default("2s"),
                /** Conditions for idempotent requests; others retry only on connect-failure,refused-stream. */
                retryOn: retryOn.default("5xx,reset,connect-failure,refused-stream"),
                idempotentRoutes: z.array(idempotentRouteSchema).default([]),
            })
            .default({
                attempts: 3,
                perTryTimeout: "2s",
                retryOn: "5xx,reset,connect-failure,refused-stream",
                idempotentRoutes: [],
            }),
        /** External hosts the service calls (ServiceEntries visible to this service only). */
        egress: z.array(egressHostSchema).default([]),
        canary: z
            .strictObject({
                weight: z.number().default(0),
                header: z
                    .strictObject({
                        name: z.string().regex(/^[a-z0-9-]+$/, "must be a lowercase header name"),
                        exact: z.string().min(1),
                    })
                    .optional(),
            })
            .optional(),
        faultInjection: faultSchema.optional(),
    })
    .superRefine((m, ctx) => {
        const timeout = durationMs(m.timeout);
        if (timeout > 0 && durationMs(m.retries.perTryTimeout) > timeout) {
            ctx.addIssue({
                code: "custom",
                path: ["retries", "perTryTimeout"],
                message: `must not exceed the route timeout (${m.timeout})`,
                input: m.retries.perTryTimeout,
            });
        }
        if (m.canary) {
            if (m.canary.weight < 0 || m.canary.weight > 100) {
                ctx.addIssue({
                    code: "custom",
                    path: ["canary", "weight"],
                    message: "must be between 0 and 100",
                    input: m.canary.weight,
                });
            }
        }
    });

export const meshSchema = z
    .strictObject({
        trustDomain: trustDomain.default("cluster.local"),
        /**
         * A dated mTLS migration window (never in production): the named workloads also accept plain
         * text (PERMISSIVE), on every port or only on `ports`, until `until` (inclusive, UTC); every
         * other workload stays STRICT.
         */
        migrationWindow: z
            .strictObject({
                until: z.iso.date(),
                reason: reasonSchema,
                services: z.array(z.string()).min(1),
                ports: z.array(z.int().min(1).max(65535)).min(1).optional(),
            })
            .optional(),
        /** Service account (in the services' namespace) allowed every method on every service. */
        adminServiceAccount: z
            .string()
            .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a service account name")
            .optional(),
        services: z.record(z.string(), meshServiceSchema).default({}),
    })
    .default({ trustDomain: "cluster.local", services: {} });

/** Cross-key mesh checks: services and callers must exist; production forbids PERMISSIVE and faults. */
export function checkMesh(
    mesh: z.output<typeof meshSchema>,
    services: Record<string, { callers: string[]; delivery?: unknown }>,
    production: boolean,
    ctx: z.RefinementCtx,
): void {
    const declared = Object.keys(services);
    for (const [name, m] of Object.entries(mesh.services)) {
        const service = ownValue(services, name);
        if (service === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["mesh", "services", name],
                message: `is not a declared service (${declared.join(", ")})`,
                input: name,
            });
            continue;
        }
        for (const caller of Object.keys(m.rules)) {
            if (!service.callers.includes(caller)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["mesh", "services", name, "rules", caller],
                    message: `is not one of services.${name}.callers (${service.callers.join(", ") || "none"})`,
                    input: caller,
                });
            }
        }
        // Without delivery nothing deploys canary pods: a weight or header towards the canary subset
        // would send requests to a subset with no endpoints (503 "no healthy upstream"). With
        // delivery, checkDelivery refuses any mesh canary (Argo Rollouts owns the split).
        const noCanaryPods = service.delivery === undefined;
        if (noCanaryPods && m.canary && m.canary.weight > 0 && m.canary.weight <= 100) {
            ctx.addIssue({
                code: "custom",
                path: ["mesh", "services", name, "canary", "weight"],
                message: `must be 0 while ${name} runs no canary pods (a canary subset exists only while canary pods run)`,
                input: m.canary.weight,
            });
        }
        if (noCanaryPods && m.canary?.header) {
            ctx.addIssue({
                code: "custom",
                path: ["mesh", "services", name, "canary", "header"],
                message: `must be unset while ${name} runs no canary pods (a canary subset exists only while canary pods run)`,
                input: m.canary.header,
            });
        }
        if (production && m.faultInjection) {
            ctx.addIssue({
                code: "custom",
                path: ["mesh", "services", name, "faultInjection"],
                message: "must not be set in production (chaos testing runs in staging)",
                input: m.faultInjection,
            });
        }
    }
    if (production && mesh.migrationWindow) {
        ctx.addIssue({
            code: "custom",
            path: ["mesh", "migrationWindow"],
            message: "must not be set in production (PERMISSIVE mTLS is never allowed there)",
            input: mesh.migrationWindow,
        });
    }
    mesh.migrationWindow?.services.forEach((name, i) => {
        if (!declared.includes(name)) {
            ctx.addIssue({
                code: "custom",
                path: ["mesh", "migrationWindow", "services", i],
                message: `is not a declared service or ML workload (${declared.join(", ")})`,
                input: name,
            });
        }
    });
}

/**
 * A migration window that has ended is refused: the policy pack refuses its PERMISSIVE
 * PeerAuthentications from the day after `until`, so the config says so first, naming the key.
 */
export function checkMigrationWindow(
    mesh: z.output<typeof meshSchema>,
    today: string,
    ctx: z.RefinementCtx,
): void {
    const until = mesh.migrationWindow?.until;
    if (until !== undefined && until < today) {
        ctx.addIssue({
            code: "custom",
            path: ["mesh", "migrationWindow", "until"],
            message: `has passed (today is ${today}); remove mesh.migrationWindow to return its services to STRICT mTLS, or extend it`,
            input: until,
        });
    }
}
