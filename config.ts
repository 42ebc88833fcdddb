/**
 * Typed, validated stack configuration. No resources are created here.
 *
 * Data flows one way: stack config -> {@link loadPlatformConfig} -> `PlatformConfig` -> `index.ts` ->
 * components. Components never read config themselves.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { formatConfigIssues } from "./components/internal/config-errors";
import { addonsSchema } from "./schemas/addons";
import { clusterSchema } from "./schemas/cluster";
import { dnsLabel } from "./schemas/common";
import { checkIngress, ingressSchema } from "./schemas/ingress";
import { checkMesh, meshSchema } from "./schemas/mesh";
import { checkMlWorkloads, mlWorkloadsSchema } from "./schemas/ml";
import { checkObservability } from "./schemas/observability";
import { requireDeclaredCallers, servicesSchema } from "./schemas/services";

export { DEFAULT_NODE_GROUPS } from "./schemas/cluster";
export { LOG_RETENTION_DAYS } from "./schemas/common";

/** The Pulumi project name; also the namespace of every config key this program reads. */
export const PROJECT = "supply-chain-platform";

/** The whole stack configuration, as read from `Pulumi.<stack>.yaml`. */
export const platformConfigSchema = z
    .strictObject({
        environment: z.enum(["staging", "production"]),
        cluster: clusterSchema,
        addons: addonsSchema,
        namespace: dnsLabel.default("supply-chain"),
        services: servicesSchema,
        mlWorkloads: mlWorkloadsSchema,
        mesh: meshSchema,
        ingress: ingressSchema.default(ingressSchema.parse({})),
    })
    .superRefine((c, ctx) => {
        const workloads = { ...c.services, ...c.mlWorkloads };
        requireDeclaredCallers(c.services, Object.keys(workloads), ctx, "services");
        requireDeclaredCallers(c.mlWorkloads, Object.keys(workloads), ctx, "mlWorkloads");
        checkMlWorkloads(c.mlWorkloads, c.cluster.nodeGroups, ctx);
        if (!c.addons.externalSecrets.enabled) {
            for (const [name, service] of Object.entries(c.services)) {
                if (Object.keys(service.secrets).length > 0) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["services", name, "secrets"],
                        message:
                            "must be empty while addons.externalSecrets.enabled is false (secrets are delivered by External Secrets)",
                        input: service.secrets,
                    });
                }
            }
        }
        checkMesh(c.mesh, workloads, c.environment === "production", ctx);
        checkIngress({ ...c, production: c.environment === "production" }, ctx);
        checkObservability(c, ctx);
        if (c.environment !== "production") {
            return;
        }
        c.cluster.endpoint.publicAccessCidrs.forEach((cidr, i) => {
            if (cidr === "0.0.0.0/0") {
                ctx.addIssue({
                    code: "custom",
                    path: ["cluster", "endpoint", "publicAccessCidrs", i],
                    message:
                        "must not open the API endpoint to the internet in production; list office or VPN ranges",
                    input: cidr,
                });
            }
        });
        if (!c.cluster.protect) {
            ctx.addIssue({
                code: "custom",
                path: ["cluster", "protect"],
                message:
                    "must be true in production (the cluster and its KMS key are protected from deletion)",
                input: false,
            });
        }
    });

/** Validated configuration of one stack. */
export type PlatformConfig = z.output<typeof platformConfigSchema>;

/**
 * A configuration error: one message naming each bad key, the value received and what is allowed.
 * Pulumi prints it without a stack trace: it carries the SDK's RunError brand (`RunError.isInstance`
 * checks `__pulumiRunError`, @pulumi/pulumi `errors.js`). It does not extend `pulumi.RunError` so
 * this module loads no SDK and the offline preview can validate config before loading the SDKs.
 */
export class ConfigError extends Error {
    /** The brand `pulumi.RunError.isInstance` looks for. */
    public readonly __pulumiRunError = true;

    constructor(message: string) {
        super(message);
        this.name = "ConfigError";
    }
}

/**
 * Validates raw config values (top-level keys without the project prefix) into a {@link PlatformConfig}.
 *
 * @throws ConfigError listing every problem, one line each.
 */
export function parsePlatformConfig(raw: Record<string, unknown>): PlatformConfig {
    const result = platformConfigSchema.safeParse(raw, { reportInput: true });
    if (!result.success) {
        throw new ConfigError(
            formatConfigIssues(PROJECT, result.error.issues, raw, platformConfigSchema),
        );
    }
    return result.data;
}

/** Collects this project's keys from a flat Pulumi config map (`{"project:key": "value"}`). */
export function rawProjectConfig(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(`${PROJECT}:`)) {
            continue;
        }
        const name = key.slice(PROJECT.length + 1);
        raw[name] = /^\s*[[{]/.test(value) ? JSON.parse(value) : value;
    }
    return raw;
}

/** Reads and validates the current stack's configuration. Throws {@link ConfigError} on bad input. */
export function loadPlatformConfig(): PlatformConfig {
    // Loaded here, not at the top, to keep validation free of the SDK (see ConfigError).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/pulumi") as typeof pulumi;
    return parsePlatformConfig(rawProjectConfig(sdk.runtime.allConfig()));
}
