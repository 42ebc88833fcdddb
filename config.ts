/**
 * Typed, validated stack configuration. No resources are created here.
 *
 * Data flows one way: stack config -> {@link loadPlatformConfig} -> `PlatformConfig` -> `index.ts` ->
 * components. Components never read config themselves.
 */
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

import { formatConfigIssues } from "./components/internal/config-errors";

/** The Pulumi project name; also the namespace of every config key this program reads. */
export const PROJECT = "supply-chain-platform";

const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase DNS label (a-z, 0-9, '-')")
    .max(63, "must be at most 63 characters");
const semverish = z
    .string()
    .regex(/^v?\d+\.\d+(\.\d+)?([-+][\w.-]+)?$/, "must be a version like 1.2.3");
const labelKey = z
    .string()
    .regex(
        /^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
        "must be a Kubernetes label key",
    );
const labelValue = z
    .string()
    .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, "must be a Kubernetes label value")
    .max(63);

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;

const taintSchema = z.strictObject({
    key: labelKey,
    value: labelValue,
    effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
});

const nodeGroupSchema = z
    .strictObject({
        instanceTypes: z
            .array(
                z
                    .string()
                    .regex(
                        /^[a-z][a-z0-9-]*\.[a-z0-9]+$/,
                        "must be an EC2 instance type like t3.medium",
                    ),
            )
            .min(1, "must list at least one instance type"),
        capacityType: z.enum(["ON_DEMAND", "SPOT"]).default("ON_DEMAND"),
        minSize: z.int().min(0),
        maxSize: z.int(),
        desiredSize: z.int(),
        diskSizeGiB: z.int().min(20).max(2000).default(50),
        labels: z.record(labelKey, labelValue).default({}),
        taints: z.array(taintSchema).default([]),
        gpu: z.boolean().default(false),
    })
    .superRefine((g, ctx) => {
        if (g.maxSize < g.minSize) {
            ctx.addIssue({
                code: "custom",
                path: ["maxSize"],
                message: `must be >= minSize (${g.minSize})`,
                input: g.maxSize,
            });
        } else if (g.maxSize < 1) {
            ctx.addIssue({
                code: "custom",
                path: ["maxSize"],
                message: "must be >= 1",
                input: g.maxSize,
            });
        }
        if (g.maxSize >= g.minSize && (g.desiredSize < g.minSize || g.desiredSize > g.maxSize)) {
            ctx.addIssue({
                code: "custom",
                path: ["desiredSize"],
                message: `must be between minSize (${g.minSize}) and maxSize (${g.maxSize})`,
                input: g.desiredSize,
            });
        }
    });

/** The seed's two node pools: an on-demand general pool and a tainted spot pool for ML. */
export const DEFAULT_NODE_GROUPS = {
    general: {
        instanceTypes: ["t3.medium", "t3.large"],
        capacityType: "ON_DEMAND",
        minSize: 2,
        maxSize: 10,
        desiredSize: 3,
        diskSizeGiB: 50,
        labels: { workload: "general" },
        taints: [],
        gpu: false,
    },
    ml: {
        instanceTypes: ["c5.xlarge", "c5.2xlarge"],
        capacityType: "SPOT",
        minSize: 0,
        maxSize: 5,
        desiredSize: 1,
        diskSizeGiB: 100,
        labels: { workload: "ml-processing" },
        taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
        gpu: false,
    },
} as const;

const vpcSchema = z
    .strictObject({
        cidrBlock: z.cidrv4().default("10.0.0.0/16"),
        availabilityZones: z
            .array(
                z
                    .string()
                    .regex(/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/, "must be an AZ name like us-west-2a"),
            )
            .optional(),
        natGateways: z.enum(["single", "onePerAz"]).default("onePerAz"),
        existingVpcId: z
            .string()
            .regex(/^vpc-[0-9a-f]+$/, "must be a VPC id like vpc-0abc")
            .optional(),
        existingPrivateSubnetIds: z
            .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id"))
            .optional(),
        existingPublicSubnetIds: z
            .array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id"))
            .optional(),
    })
    .superRefine((v, ctx) => {
        const existing = v.existingVpcId !== undefined;
        if (existing) {
            if ((v.existingPrivateSubnetIds?.length ?? 0) < 2) {
                ctx.addIssue({
                    code: "custom",
                    path: ["existingPrivateSubnetIds"],
                    message:
                        "must list at least 2 private subnets (in 2 AZs) when existingVpcId is set",
                    input: v.existingPrivateSubnetIds,
                });
            }
        } else {
            if ((v.availabilityZones?.length ?? 0) < 2) {
                ctx.addIssue({
                    code: "custom",
                    path: ["availabilityZones"],
                    message: "must list at least 2 availability zones when the VPC is created",
                    input: v.availabilityZones,
                });
            }
            if (v.existingPrivateSubnetIds || v.existingPublicSubnetIds) {
                ctx.addIssue({
                    code: "custom",
                    path: ["existingVpcId"],
                    message: "must be set when existing subnet ids are given",
                    input: v.existingVpcId,
                });
            }
        }
        if (new Set(v.availabilityZones ?? []).size !== (v.availabilityZones ?? []).length) {
            ctx.addIssue({
                code: "custom",
                path: ["availabilityZones"],
                message: "must not repeat a zone",
                input: v.availabilityZones,
            });
        }
    });

const chartShape = (repository: string) => ({
    enabled: z.boolean().default(true),
    version: semverish.optional(),
    repository: z.url().default(repository),
});

const requirePinnedVersion = (c: { enabled: boolean; version?: string }, ctx: z.RefinementCtx) => {
    if (c.enabled && c.version === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            message: "must pin a chart version when the add-on is enabled",
            input: c.version,
        });
    }
};

const chart = (repository: string) =>
    z.strictObject(chartShape(repository)).superRefine(requirePinnedVersion);

const addonsSchema = z.strictObject({
    istio: chart("https://istio-release.storage.googleapis.com/charts"),
    metricsServer: chart("https://kubernetes-sigs.github.io/metrics-server"),
    verticalPodAutoscaler: chart("https://charts.fairwinds.com/stable"),
    prometheusOperatorCrds: chart("https://prometheus-community.github.io/helm-charts"),
    externalSecrets: z
        .strictObject({
            ...chartShape("https://charts.external-secrets.io"),
            secretsPrefix: z
                .string()
                .regex(/^[A-Za-z0-9/_+=.@-]+$/, "must be a Secrets Manager name prefix")
                .default("supply-chain"),
        })
        .superRefine(requirePinnedVersion),
});

const clusterSchema = z.strictObject({
    name: z
        .string()
        .regex(
            /^[A-Za-z][A-Za-z0-9-]{0,99}$/,
            "must start with a letter and hold only letters, digits and '-' (max 100)",
        ),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "must be an EKS minor version like 1.33"),
    vpc: vpcSchema,
    endpoint: z
        .strictObject({
            publicAccess: z.boolean().default(false),
            publicAccessCidrs: z.array(z.cidrv4()).default([]),
        })
        .default({ publicAccess: false, publicAccessCidrs: [] })
        .superRefine((e, ctx) => {
            if (e.publicAccess && e.publicAccessCidrs.length === 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["publicAccessCidrs"],
                    message:
                        "must list the allowed CIDRs when publicAccess is true (EKS would otherwise open 0.0.0.0/0)",
                    input: e.publicAccessCidrs,
                });
            }
        }),
    logRetentionDays: z
        .int()
        .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
            message: `must be one of the CloudWatch retention periods ${LOG_RETENTION_DAYS.join(", ")}`,
        })
        .default(90),
    admins: z
        .array(
            z.strictObject({
                name: dnsLabel,
                principalArn: z
                    .string()
                    .regex(
                        /^arn:aws:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/,
                        "must be an IAM role or user ARN",
                    ),
            }),
        )
        .default([]),
    nodeGroups: z
        .record(dnsLabel, nodeGroupSchema)
        .default(structuredClone(DEFAULT_NODE_GROUPS) as never),
    managedAddons: z
        .strictObject({
            vpcCni: z
                .string()
                .regex(
                    /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
                    "must be an EKS add-on version like v1.19.2-eksbuild.1",
                )
                .optional(),
            kubeProxy: z
                .string()
                .regex(
                    /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
                    "must be an EKS add-on version like v1.33.0-eksbuild.2",
                )
                .optional(),
            coredns: z
                .string()
                .regex(
                    /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
                    "must be an EKS add-on version like v1.11.4-eksbuild.2",
                )
                .optional(),
        })
        .default({}),
    protect: z.boolean().default(false),
});

/** The whole stack configuration, as read from `Pulumi.<stack>.yaml`. */
export const platformConfigSchema = z
    .strictObject({
        environment: z.enum(["staging", "production"]),
        cluster: clusterSchema,
        addons: addonsSchema,
    })
    .superRefine((c, ctx) => {
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

/** A configuration error: one message naming each bad key, the value received and what is allowed. */
export class ConfigError extends pulumi.RunError {
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
    const result = platformConfigSchema.safeParse(raw);
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
    return parsePlatformConfig(rawProjectConfig(pulumi.runtime.allConfig()));
}
