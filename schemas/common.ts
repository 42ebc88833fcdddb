/**
 * Building blocks shared by the config schemas.
 */
import { z } from "zod";

export {
    chartShape,
    requirePinnedVersion,
    semverish,
} from "../components/addons/core/chart-schema";
export { LOG_RETENTION_DAYS } from "../lib/aws/log-retention";

export const dnsLabel = z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "must be a lowercase DNS label (a-z, 0-9, '-')")
    .max(63, "must be at most 63 characters");
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
