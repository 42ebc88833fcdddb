/**
 * Schema of the `cluster` config key: the EKS cluster, its network and node groups.
 */
import { z } from "zod";

import { dnsLabel, labelKey, labelValue, LOG_RETENTION_DAYS } from "./common";
import { isNetworkCidr, networkCidr, publicAccessIssues, vpcCidr } from "./network";
import { nodeLabelKey } from "./node-labels";
import { reasonSchema } from "./reason";
import { PINNED_KEYS } from "./versions/matrix";

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
        labels: z.record(labelKey.pipe(nodeLabelKey), labelValue).default({}),
        taints: z.array(taintSchema).default([]),
        gpu: z.boolean().default(false),
    })
    .superRefine((g, ctx) => {
        // Kubernetes keeps one taint per key and effect (k8s.io/kubernetes pkg/apis/core/validation
        // validateNodeTaints: "taints must be unique by key and effect pair").
        const seen = new Map<string, number>();
        g.taints.forEach((t, i) => {
            const pair = `${t.key}:${t.effect}`;
            const first = seen.get(pair);
            if (first === undefined) {
                seen.set(pair, i);
                return;
            }
            ctx.addIssue({
                code: "custom",
                path: ["taints", i],
                message: `must differ from taints[${first}] in key or effect (Kubernetes keeps one taint per key and effect)`,
                input: t,
            });
        });
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

/**
 * The seed's two node pools: an on-demand general pool and a tainted spot pool for ML. The seed listed
 * two sizes per pool (t3.medium and t3.large, c5.xlarge and c5.2xlarge); Cluster Autoscaler plans a
 * group as one instance type, so each pool keeps its smaller size (the one the capacity check already
 * planned with) and the spot pool adds a second family of that size.
 */
export const DEFAULT_NODE_GROUPS = {
    general: {
        instanceTypes: ["t3.medium"],
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
        instanceTypes: ["c5.xlarge", "c6i.xlarge"],
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
        cidrBlock: vpcCidr.default("10.0.0.0/16"),
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

export const clusterSchema = z.strictObject({
    name: z
        .string()
        .regex(
            /^[A-Za-z][A-Za-z0-9-]{0,99}$/,
            "must start with a letter and hold only letters, digits and '-' (max 100)",
        ),
    kubernetesVersion: z.string().regex(/^1\.\d{2}$/, "must be an EKS minor version like 1.33"),
    /**
     * EKS upgrade policy, always set on the cluster: STANDARD (EKS upgrades the control plane at the
     * end of standard support) or EXTENDED (the cluster stays, billed at the extended-support rate).
     * Changing it is an in-place update (terraform-provider-aws internal/service/eks/cluster.go:
     * `upgrade_policy` changes call UpdateClusterConfig).
     */
    upgradePolicy: z
        .strictObject({ supportType: z.enum(["STANDARD", "EXTENDED"]).default("STANDARD") })
        .default({ supportType: "STANDARD" }),
    /** Allowance to run a Kubernetes version past EKS standard support, with its reason. */
    extendedSupport: z.strictObject({ reason: reasonSchema }).optional(),
    /** Allowances for pinned versions the version matrix does not hold for the cluster's minor. */
    versionAllowances: z
        .partialRecord(z.enum(PINNED_KEYS), z.strictObject({ reason: reasonSchema }))
        .default({}),
    vpc: vpcSchema,
    endpoint: z
        .strictObject({
            publicAccess: z.boolean().default(false),
            publicAccessCidrs: z.array(networkCidr).default([]),
            privateAccessCidrs: z.array(networkCidr).default([]),
        })
        .default({ publicAccess: false, publicAccessCidrs: [], privateAccessCidrs: [] })
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
            if (!e.publicAccess && e.publicAccessCidrs.length > 0) {
                ctx.addIssue({
                    code: "custom",
                    path: ["publicAccessCidrs"],
                    message:
                        "must be empty while publicAccess is false (EKS ignores the list when the public endpoint is off, so nothing it names could reach the API)",
                    input: e.publicAccessCidrs,
                });
            }
            if (!e.publicAccessCidrs.every(isNetworkCidr)) {
                return;
            }
            for (const [i, message] of publicAccessIssues(e.publicAccessCidrs)) {
                ctx.addIssue({
                    code: "custom",
                    path: i === undefined ? ["publicAccessCidrs"] : ["publicAccessCidrs", i],
                    message,
                    input: i === undefined ? e.publicAccessCidrs : e.publicAccessCidrs[i],
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
                // An access entry takes the role's full ARN, path included (EKS matches the principal
                // ID, unlike the aws-auth ConfigMap: aws/containers-roadmap#185). IAM names are 1-64
                // of [\w+=,.@-]; a path is /-separated segments of the same characters (IAM API
                // reference, CreateRole: RoleName and Path).
                principalArn: z
                    .string()
                    .regex(
                        /^arn:aws:iam::\d{12}:(role|user)(\/[\w+=,.@-]+)*\/[\w+=,.@-]{1,64}$/,
                        "must be an IAM role or user ARN (arn:aws:iam::<account>:role/<path/>name, name 1-64 characters)",
                    ),
            }),
        )
        .superRefine((admins, ctx) => {
            // Each admin is one EKS access entry keyed by its name, and EKS allows one access entry
            // per principal (CreateAccessEntry answers ResourceInUseException for a second one): a
            // repeated name would silently drop an admin, a repeated principal would fail the `up`.
            for (const key of ["name", "principalArn"] as const) {
                const seen = new Map<string, number>();
                admins.forEach((a, i) => {
                    const first = seen.get(a[key]);
                    if (first !== undefined) {
                        ctx.addIssue({
                            code: "custom",
                            path: [i, key],
                            message: `must differ from admins[${first}].${key} (one EKS access entry per admin and per principal)`,
                            input: a[key],
                        });
                    } else {
                        seen.set(a[key], i);
                    }
                });
            }
        })
        .default([]),
    nodeGroups: z
        .record(dnsLabel, nodeGroupSchema)
        .default(structuredClone(DEFAULT_NODE_GROUPS) as never),
    managedAddons: z
        .strictObject({
            // NetworkPolicy enforcement needs VPC CNI v1.14.0 or later (EKS user guide, "Limit Pod
            // traffic with Kubernetes network policies").
            vpcCni: z
                .string()
                .regex(
                    /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
                    "must be an EKS add-on version like v1.19.2-eksbuild.1",
                )
                .refine((v) => {
                    const [major, minor] = v.slice(1).split(".").map(Number);
                    return major > 1 || (major === 1 && minor >= 14);
                }, "must be v1.14.0 or later (network policy enforcement)")
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
