/**
 * Typed, validated stack configuration. No resources are created here.
 *
 * Data flows one way: stack config -> {@link loadPlatformConfig} -> `PlatformConfig` -> `index.ts` ->
 * components. Components never read config themselves.
 */
import type * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { formatConfigIssues, safeLine, safeText } from "./components/internal/config-errors";
import { addonsSchema, checkAddons, checkAutoscalerVersion } from "./schemas/addons";
import { capacityFindings, checkNodeGroupTypes } from "./schemas/capacity";
import { clusterSchema } from "./schemas/cluster";
import { configKeyIssues } from "./schemas/config-keys";
import { checkCertificateRegion, checkIngress, ingressSchema } from "./schemas/ingress";
import { checkOwnSecrets } from "./schemas/iam";
import { checkDatastores, ResolvedDatastores, resolveDatastores } from "./schemas/datastores";
import { checkDelivery } from "./schemas/delivery";
import { checkIdentities } from "./schemas/identities";
import { checkDerivedNames } from "./schemas/derived-names";
import { checkMesh, checkMigrationWindow, meshSchema } from "./schemas/mesh";
import { checkMlWorkloads, mlWorkloadsSchema } from "./schemas/ml";
import { checkControllerNodeGroup, karpenterSchema } from "./schemas/node-pools";
import { checkAutoscalerAndKarpenter, poolPath, schedulingGroups } from "./schemas/node-scheduling";
import { appNamespace, checkNameCollisions, checkSdkSafeLabels } from "./schemas/names";
import { checkRegionAndVersion, MAX_ZONES } from "./schemas/network";
import { checkObservability } from "./schemas/observability";
import { checkPlainConfig, credentialIssues } from "./schemas/plain-secrets";
import { prototypeKeyIssues } from "./schemas/prototype-keys";
import {
    checkSupportWindow,
    checkUpgradePolicy,
    checkVersionMatrix,
} from "./schemas/versions/check";
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
        namespace: appNamespace.default("supply-chain"),
        services: servicesSchema,
        mlWorkloads: mlWorkloadsSchema,
        mesh: meshSchema,
        ingress: ingressSchema.default(ingressSchema.parse({})),
        karpenter: karpenterSchema.default(karpenterSchema.parse({})),
    })
    .superRefine((c, ctx) => {
        const production = c.environment === "production";
        checkNameCollisions(c.services, c.mlWorkloads, ctx);
        checkSdkSafeLabels(c.cluster.nodeGroups, ctx);
        checkControllerNodeGroup(c.karpenter, c.cluster.nodeGroups, ctx);
        checkDerivedNames(c, ctx);
        for (const [name, service] of Object.entries(c.services)) {
            checkPlainConfig(name, service.config, ctx);
        }
        checkNodeGroupTypes(c.cluster.nodeGroups, ctx, c.addons.clusterAutoscaler.enabled);
        checkAutoscalerAndKarpenter(
            c.cluster.nodeGroups,
            c.karpenter,
            c.addons.clusterAutoscaler.enabled,
            ctx,
        );
        // Workloads are placed on the managed groups and Karpenter's NodePools alike.
        const groups = schedulingGroups(c.cluster.nodeGroups, c.karpenter);
        if ((c.cluster.vpc.availabilityZones?.length ?? 0) > MAX_ZONES) {
            ctx.addIssue({
                code: "custom",
                path: ["cluster", "vpc", "availabilityZones"],
                message: `must list at most ${MAX_ZONES} zones (the subnet plan has room for ${MAX_ZONES})`,
                input: c.cluster.vpc.availabilityZones,
            });
        }
        const placed = { ...c, cluster: { ...c.cluster, nodeGroups: groups } };
        for (const f of capacityFindings(placed, production).filter(
            (f) => f.severity === "error",
        )) {
            const path = poolPath(f.path, c.karpenter);
            ctx.addIssue({ code: "custom", path, message: f.message, input: f.input });
        }
        const workloads = { ...c.services, ...c.mlWorkloads };
        if (!c.addons.istio.enabled && (production || Object.keys(workloads).length > 0)) {
            ctx.addIssue({
                code: "custom",
                path: ["addons", "istio", "enabled"],
                message: production
                    ? "must be true in production (strict mTLS and mesh authorization are mandatory there, and every workload gets Istio policy)"
                    : "must be true while services or mlWorkloads are declared (every workload gets Istio mesh policy, whose CRDs this add-on installs)",
                input: false,
            });
        }
        requireDeclaredCallers(c.services, Object.keys(workloads), ctx, "services");
        requireDeclaredCallers(c.mlWorkloads, Object.keys(workloads), ctx, "mlWorkloads");
        checkMlWorkloads(c.mlWorkloads, groups, ctx);
        checkAutoscalerVersion(c.addons, c.cluster.kubernetesVersion, ctx);
        checkUpgradePolicy(c, ctx);
        checkAddons(c.addons, groups, c.mlWorkloads, ctx);
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
        checkOwnSecrets(
            new Map(Object.entries(c.services)),
            c.addons.externalSecrets.secretsPrefix,
            ctx,
        );
        checkDatastores(c.services, c.addons.externalSecrets.enabled, production, ctx);
        checkMesh(c.mesh, workloads, production, ctx);
        checkIngress({ ...c, production }, ctx);
        checkDelivery(c, ctx);
        checkObservability(c, ctx);
        checkIdentities(c, ctx);
        if (!production) {
            return;
        }
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
export type PlatformConfig = z.output<typeof platformConfigSchema> & {
    /** Each service's data stores with the environment's defaults applied. */
    readonly datastores: Readonly<Record<string, ResolvedDatastores>>;
};

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

/** Facts from outside the project's keys that the config is checked against. */
export interface ConfigContext {
    /**
     * The stack's region (`aws:region`). `null`: not set anywhere (an error).
     *
     * @default - region checks are skipped (library use and tests of other keys)
     */
    readonly region?: string | null;
    /**
     * Full keys (`project:key`) whose values are encrypted `secure:` values.
     *
     * @default []
     */
    readonly secretKeys?: readonly string[];
    /**
     * The stack's whole flat config (`namespace:key` to value, as `pulumi.runtime.allConfig()` gives
     * it): every key outside the project's must be one its namespace's reader takes
     * (schemas/config-keys.ts).
     *
     * @default - only the project's keys are checked
     */
    readonly allConfig?: Readonly<Record<string, string>>;
    /**
     * The day (ISO date) the Kubernetes version is checked against the EKS calendar.
     *
     * @default - today (UTC)
     */
    readonly today?: string;
}

/**
 * Validates raw config values (top-level keys without the project prefix) into a {@link PlatformConfig}.
 *
 * @throws ConfigError listing every problem, one line each. Secret values are never printed: a key
 *   holding a `secure:` value is refused before anything else looks at it.
 */
export function parsePlatformConfig(
    raw: Record<string, unknown>,
    context: ConfigContext = {},
): PlatformConfig {
    const secret = (context.secretKeys ?? []).filter((k) => k.startsWith(`${PROJECT}:`));
    if (secret.length > 0) {
        throw new ConfigError(
            secret
                .map(
                    (k) =>
                        `${safeText(k)} must not hold an encrypted secure: value (no key of this project takes one; application secrets belong in AWS Secrets Manager, referenced from services.<name>.secrets), got a secure value (not shown)`,
                )
                .join("\n"),
        );
    }
    const unread = context.allConfig
        ? configKeyIssues(
              context.allConfig,
              PROJECT,
              Object.keys(platformConfigSchema.shape),
              context.secretKeys,
          ).map(safeLine)
        : [];
    if (raw.environment === undefined && raw.cluster === undefined) {
        if (unread.length > 0) {
            throw new ConfigError(unread.join("\n"));
        }
        throw new ConfigError(
            `the stack sets no ${PROJECT}:* keys: its file needs a config: map with at least ${PROJECT}:environment and ${PROJECT}:cluster (start from a copy of Pulumi.staging.yaml)`,
        );
    }
    const schema =
        context.region === undefined
            ? platformConfigSchema
            : platformConfigSchema.superRefine((c, ctx) => {
                  const today = context.today ?? new Date().toISOString().slice(0, 10);
                  checkRegionAndVersion(c, context.region ?? undefined, today, ctx);
                  checkCertificateRegion(c.ingress, context.region ?? undefined, ctx);
                  checkSupportWindow(c, today, ctx);
                  checkVersionMatrix(c, today, ctx);
                  checkMigrationWindow(c.mesh, today, ctx);
              });
    const leaks = [...prototypeKeyIssues(raw), ...credentialIssues(raw)];
    const result = schema.safeParse(raw, { reportInput: true });
    if (!result.success || leaks.length > 0 || unread.length > 0) {
        const issues = [...leaks, ...(result.success ? [] : result.error.issues)];
        const lines =
            issues.length > 0
                ? [formatConfigIssues(PROJECT, issues, raw, platformConfigSchema)]
                : [];
        throw new ConfigError([...unread, ...lines].join("\n"));
    }
    // Defaults that depend on the environment are applied after validation (a transform inside the
    // schema would stop the refinements chained after it from reporting).
    const production = result.data.environment === "production";
    return {
        ...result.data,
        datastores: Object.fromEntries(
            Object.entries(result.data.services).flatMap(([name, s]) =>
                s.datastores ? [[name, resolveDatastores(name, s.datastores, production)]] : [],
            ),
        ),
    };
}

/**
 * Problems that do not stop the program outside production (capacity at maximum replicas), one line
 * each, in the same form as errors. `loadPlatformConfig` logs them as warnings.
 */
export function configWarnings(config: PlatformConfig): string[] {
    const groups = schedulingGroups(config.cluster.nodeGroups, config.karpenter);
    const placed = { ...config, cluster: { ...config.cluster, nodeGroups: groups } };
    const warnings = capacityFindings(placed, config.environment === "production")
        .filter((f) => f.severity === "warning")
        .map((f) => ({ ...f, path: poolPath(f.path, config.karpenter) }));
    return warnings.length === 0
        ? []
        : formatConfigIssues(
              PROJECT,
              warnings.map((f) => ({
                  code: "custom" as const,
                  path: f.path,
                  message: f.message,
                  input: f.input,
              })),
              config,
          ).split("\n");
}

/** Structured config arrives as JSON; text that only looks like JSON stays text (the schema says why). */
function parseJson(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

/** Collects this project's keys from a flat Pulumi config map (`{"project:key": "value"}`). */
export function rawProjectConfig(all: Record<string, string>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(all)) {
        if (!key.startsWith(`${PROJECT}:`)) {
            continue;
        }
        const name = key.slice(PROJECT.length + 1);
        // Defined, not assigned: a key named __proto__ stays a key (and is refused as such).
        Object.defineProperty(raw, name, {
            value: /^\s*[[{]/.test(value) ? parseJson(value) : value,
            enumerable: true,
            writable: true,
            configurable: true,
        });
    }
    return raw;
}

/** Full keys of the current stack's config whose values are secret (`pulumi config set --secret`). */
function secretConfigKeys(all: Record<string, string>): string[] {
    // `isConfigSecret` is marked internal in the SDK's typings; it reads the engine's secret key list.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const runtimeConfig = require("@pulumi/pulumi/runtime/config") as {
        isConfigSecret?: (key: string) => boolean;
    };
    return Object.keys(all).filter((k) => runtimeConfig.isConfigSecret?.(k) ?? false);
}

/**
 * The {@link ConfigContext} of a flat Pulumi config map: `aws:region` (else `AWS_REGION` or
 * `AWS_DEFAULT_REGION`, as the AWS provider reads it) and the keys that hold secrets.
 */
export function configContext(
    all: Record<string, string>,
    secretKeys: readonly string[],
): ConfigContext {
    return {
        region:
            all["aws:region"] ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? null,
        secretKeys,
        allConfig: all,
    };
}

/**
 * Reads and validates the current stack's configuration. Throws {@link ConfigError} on bad input; logs
 * {@link configWarnings} as Pulumi warnings (shown by `pulumi preview`, which still succeeds).
 */
export function loadPlatformConfig(): PlatformConfig {
    // Loaded here, not at the top, to keep validation free of the SDK (see ConfigError).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/pulumi") as typeof pulumi;
    const all = sdk.runtime.allConfig();
    const config = parsePlatformConfig(
        rawProjectConfig(all),
        configContext(all, secretConfigKeys(all)),
    );
    for (const warning of configWarnings(config)) {
        void sdk.log.warn(warning);
    }
    return config;
}

/**
 * The stack's AWS region (`aws:region`); regional AWS endpoints (STS, SQS...) are derived in it.
 *
 * @throws ConfigError when the stack does not set it.
 */
export function awsRegion(): string {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require("@pulumi/pulumi") as typeof pulumi;
    const region = sdk.runtime.allConfig()["aws:region"];
    if (!region) {
        throw new ConfigError(
            "aws:region must be set (regional AWS endpoints such as STS are derived in it), got nothing",
        );
    }
    return region;
}
