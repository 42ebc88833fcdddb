/**
 * Schema of the `namespace` and `services` config keys: the golden-path microservices.
 */
import { z } from "zod";

import { imageTag, parseQuantity } from "../lib/kubernetes";
import { dnsLabel, INT32_MAX, labelValue } from "./common";
import { datastoresSchema } from "./datastores";
import { deliverySchema } from "./delivery";
import { exposeSchema } from "./ingress";
import { iamSchema } from "./iam";
import { mountPath, reservedPort } from "./mesh-facts";
import { workloadName } from "./names";
import { cpuQuantity, memoryQuantity, validQuantity } from "./quantities";
import { secretKey, secretProperty } from "./plain-secrets";

export { iamSchema };

const port = z.int().min(1).max(65535).superRefine(reservedPort);
const envName = z
    .string()
    .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name (A-Z, 0-9, _)");
const httpPath = z.string().regex(/^\/[\w\-./]*$/, "must be an HTTP path starting with /");

/** Container image: pinned by a tag other than latest, or by a digest (the same rule as the policy pack). */
export const imageRef = z
    .string()
    .regex(/^[a-z0-9][a-z0-9._\-/:@]*$/, "must be an image reference like registry/app:v1.2.3")
    .superRefine((image, ctx) => {
        const { tag, digest } = imageTag(image);
        if (!digest && (tag === undefined || tag === "latest")) {
            ctx.addIssue({
                code: "custom",
                message: "must pin a version tag other than latest, or a digest",
                input: image,
            });
        }
    });

export const resourcesSchema = z
    .strictObject({
        requests: z.strictObject({
            cpu: cpuQuantity("request"),
            memory: memoryQuantity("request"),
        }),
        limits: z.strictObject({ cpu: cpuQuantity("limit"), memory: memoryQuantity("limit") }),
    })
    .superRefine((r, ctx) => {
        for (const k of ["cpu", "memory"] as const) {
            const valid =
                validQuantity(k, "request", r.requests[k]) &&
                validQuantity(k, "limit", r.limits[k]);
            if (valid && parseQuantity(r.limits[k])! < parseQuantity(r.requests[k])!) {
                ctx.addIssue({
                    code: "custom",
                    path: ["limits", k],
                    message: `must be >= requests.${k} (${r.requests[k]})`,
                    input: r.limits[k],
                });
            }
        }
    });

export const autoscalingSchema = z
    .strictObject({
        minReplicas: z.int().min(1),
        // HorizontalPodAutoscalerSpec.maxReplicas is an int32 (autoscaling/v2).
        maxReplicas: z.int().max(INT32_MAX, `must be at most ${INT32_MAX} (an int32 field)`),
        cpuUtilization: z.int().min(1).max(100).optional(),
        memoryUtilization: z.int().min(1).max(100).optional(),
        requestsPerSecond: z.number().positive().optional(),
    })
    .superRefine((a, ctx) => {
        if (a.maxReplicas < a.minReplicas) {
            ctx.addIssue({
                code: "custom",
                path: ["maxReplicas"],
                message: `must be >= minReplicas (${a.minReplicas})`,
                input: a.maxReplicas,
            });
        }
    });

/** One service of the `services` key. */
export const serviceSchema = z
    .strictObject({
        image: imageRef,
        version: labelValue.optional(),
        replicas: z.int().min(1).max(100).optional(),
        autoscaling: autoscalingSchema.optional(),
        resources: resourcesSchema,
        ports: z
            .strictObject({ http: port.default(8080), grpc: port.optional() })
            .default({ http: 8080, grpc: 9090 }),
        probes: z
            .strictObject({
                liveness: httpPath.default("/health"),
                readiness: httpPath.default("/ready"),
                startup: z
                    .strictObject({
                        path: httpPath,
                        failureThreshold: z.int().min(1).max(120).default(30),
                    })
                    .optional(),
            })
            .default({ liveness: "/health", readiness: "/ready" }),
        callers: z.array(dnsLabel).default([]),
        /** Route `host` + `pathPrefix` from the ingress gateway to this service. @default - not exposed */
        expose: exposeSchema.optional(),
        config: z.record(envName, z.string()).default({}),
        configMountPath: mountPath.default("/app/config"),
        secrets: z
            .record(
                envName,
                z.strictObject({
                    key: secretKey,
                    property: secretProperty.optional(),
                }),
            )
            .default({}),
        iam: iamSchema.optional(),
        datastores: datastoresSchema.optional(),
        delivery: deliverySchema.optional(),
        automountServiceAccountToken: z.boolean().default(false),
        terminationGracePeriodSeconds: z.int().min(1).max(600).default(30),
        preStopSleepSeconds: z.int().min(0).max(120).default(5),
    })
    .superRefine((s, ctx) => {
        if (s.replicas !== undefined && s.autoscaling !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["replicas"],
                message:
                    "must not be set together with autoscaling (the HPA owns the replica count; set autoscaling.minReplicas)",
                input: s.replicas,
            });
        }
        const { tag, digest } = imageTag(s.image);
        if (digest && tag === undefined && s.version === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["version"],
                message:
                    "must be set when the image is pinned by digest only (it becomes the version label)",
                input: s.version,
            });
        }
        if (s.preStopSleepSeconds >= s.terminationGracePeriodSeconds) {
            ctx.addIssue({
                code: "custom",
                path: ["preStopSleepSeconds"],
                message: `must be below terminationGracePeriodSeconds (${s.terminationGracePeriodSeconds})`,
                input: s.preStopSleepSeconds,
            });
        }
        if (s.ports.grpc === s.ports.http) {
            ctx.addIssue({
                code: "custom",
                path: ["ports", "grpc"],
                message: `must differ from ports.http (${s.ports.http})`,
                input: s.ports.grpc,
            });
        }
    });

/** The `services` key: services by name. */
export const servicesSchema = z.record(workloadName, serviceSchema).default({});

/** Checks that every caller names a declared workload. */
export function requireDeclaredCallers(
    services: Record<string, { callers: string[] }>,
    declared: readonly string[],
    ctx: z.RefinementCtx,
    key: "services" | "mlWorkloads" = "services",
): void {
    for (const [name, s] of Object.entries(services)) {
        s.callers.forEach((caller, i) => {
            if (!declared.includes(caller)) {
                ctx.addIssue({
                    code: "custom",
                    path: [key, name, "callers", i],
                    message: `must name a declared service (${declared.join(", ")})`,
                    input: caller,
                });
            } else if (caller === name) {
                ctx.addIssue({
                    code: "custom",
                    path: [key, name, "callers", i],
                    message: "must not name the service itself",
                    input: caller,
                });
            }
        });
    }
}
