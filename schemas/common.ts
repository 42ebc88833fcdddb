/**
 * Building blocks shared by the config schemas.
 */
import { z } from "zod";

export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase DNS label (a-z, 0-9, '-')")
    .max(63, "must be at most 63 characters");
export const semverish = z
    .string()
    .regex(/^v?\d+\.\d+(\.\d+)?([-+][\w.-]+)?$/, "must be a version like 1.2.3");
/**
 * A label (or taint) key: a qualified name, an optional DNS-subdomain prefix of at most 253 characters
 * and `/`, then a name of at most 63 characters (apimachinery `validation.IsQualifiedName`).
 */
export const labelKey = z
    .string()
    .regex(
        /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/,
        "must be a Kubernetes label key (an optional DNS prefix and /, then letters, digits, '-', '_' and '.')",
    )
    .refine((k) => k.split("/").pop()!.length <= 63 && k.lastIndexOf("/") <= 253, {
        message: "must have a name of at most 63 characters after a prefix of at most 253",
    });
export const labelValue = z
    .string()
    .regex(/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/, "must be a Kubernetes label value")
    .max(63);

/** Largest value of a Kubernetes int32 field (replica counts, ports, seconds). */
export const INT32_MAX = 2 ** 31 - 1;

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
] as const;

/** The fields every add-on chart setting has: on by default, a pinned version, the chart repository. */
export const chartShape = (repository: string) => ({
    enabled: z.boolean().default(true),
    version: semverish.optional(),
    repository: z.url().default(repository),
});

/** An enabled add-on must pin its chart version. */
export const requirePinnedVersion = (
    c: { enabled: boolean; version?: string },
    ctx: z.RefinementCtx,
) => {
    if (c.enabled && c.version === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            message: "must pin a chart version when the add-on is enabled",
            input: c.version,
        });
    }
};
