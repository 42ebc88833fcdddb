/**
 * The config against the version matrix (schemas/versions/matrix.ts): every pinned version must be one
 * the matrix holds for the cluster's Kubernetes minor, unless `cluster.versionAllowances.<key>` gives a
 * reason; and the Kubernetes version must be in EKS standard support on the day of the run, unless
 * `cluster.extendedSupport` gives a reason (with `upgradePolicy.supportType: EXTENDED`, else EKS
 * upgrades the control plane itself at the end of standard support).
 */
import { z } from "zod";

import { ownValue } from "../../lib/records";
import { supportedEksVersions } from "../aws-facts";
import { PINNED, PINNED_KEYS, PinnedKey, VERSION_MATRIX } from "./matrix";

/** What the version checks read of the config. */
interface VersionFacts {
    readonly cluster: {
        readonly kubernetesVersion: string;
        readonly upgradePolicy: { readonly supportType: string };
        readonly extendedSupport?: { readonly reason: string };
        readonly versionAllowances: Readonly<
            Partial<Record<PinnedKey, { readonly reason: string }>>
        >;
    };
    readonly addons: Readonly<Record<string, unknown>>;
    readonly karpenter?: unknown;
}

/** The pinned value at `path` (from the config's root) while its holder is not disabled; else undefined. */
function pinnedValue(c: VersionFacts, path: readonly string[]): string | undefined {
    let holder: unknown = c;
    for (const key of path.slice(0, -1)) {
        holder =
            holder !== null && typeof holder === "object"
                ? ownValue(holder as Record<string, unknown>, key)
                : undefined;
    }
    if (holder === null || typeof holder !== "object") {
        return undefined;
    }
    const fields = holder as Record<string, unknown>;
    const value = ownValue(fields, path[path.length - 1]);
    return ownValue(fields, "enabled") !== false && typeof value === "string" ? value : undefined;
}

/** Refuses each pinned version the matrix does not hold for the cluster's minor (EKS runs it on `day`). */
export function checkVersionMatrix(c: VersionFacts, day: string, ctx: z.RefinementCtx): void {
    const minor = c.cluster.kubernetesVersion;
    const row = VERSION_MATRIX.get(minor);
    if (row === undefined || !supportedEksVersions(day).includes(minor)) {
        return; // a minor EKS does not run that day is refused on cluster.kubernetesVersion
    }
    for (const key of PINNED_KEYS) {
        const pinned = PINNED.get(key);
        if (pinned === undefined) {
            continue;
        }
        const value = pinnedValue(c, pinned.path);
        if (value === undefined || !/^v?\d+\.\d+\.\d+/.test(value)) {
            continue; // a malformed version is refused by its own rule
        }
        if (key === "clusterAutoscalerImage" && !value.startsWith(`v${minor}.`)) {
            continue; // refused by checkAutoscalerVersion (schemas/addons.ts)
        }
        const allowed = row.pins.get(key) ?? [];
        const allowance = ownValue(c.cluster.versionAllowances, key);
        const held = allowed.includes(value);
        if (!held && allowance === undefined) {
            ctx.addIssue({
                code: "custom",
                path: [...pinned.path],
                message: `must be a version the matrix holds for Kubernetes ${minor} (cluster.kubernetesVersion): ${allowed.length === 0 ? "none yet" : allowed.join(", ")} (schemas/versions/matrix.ts and docs/versions.md, with sources); add the new version there with its source, or set cluster.versionAllowances.${key}.reason`,
                input: value,
            });
        } else if (held && allowance !== undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["cluster", "versionAllowances", key],
                message: `must be removed: the matrix holds ${pinned.label} ${value} for Kubernetes ${minor}, so nothing needs allowing`,
                input: allowance,
            });
        }
    }
}

/**
 * Refuses a Kubernetes version past EKS standard support on `day` (ISO date) unless
 * `cluster.extendedSupport` allows it, and an allowance that does not hold.
 */
export function checkSupportWindow(c: VersionFacts, day: string, ctx: z.RefinementCtx): void {
    const minor = c.cluster.kubernetesVersion;
    const row = VERSION_MATRIX.get(minor);
    if (row === undefined || !supportedEksVersions(day).includes(minor)) {
        return; // refused on cluster.kubernetesVersion by the EKS calendar check
    }
    const standard = [...VERSION_MATRIX].filter(
        ([, r]) => r.endOfStandardSupport > day && r.endOfExtendedSupport > day,
    );
    const past = row.endOfStandardSupport <= day;
    const allowance = c.cluster.extendedSupport;
    if (past && allowance === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "kubernetesVersion"],
            message: `is past EKS standard support on ${day} (it ended ${row.endOfStandardSupport}; extended support, billed at a higher hourly rate, ends ${row.endOfExtendedSupport}): use a version in standard support (${standard.length === 0 ? "none on the calendar in schemas/aws-facts.ts yet" : standard.map(([m]) => m).join(", ")}), upgrading a running cluster one minor at a time (docs/operations.md, "Kubernetes upgrades"), or set cluster.extendedSupport.reason`,
            input: minor,
        });
    } else if (!past && allowance !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "extendedSupport"],
            message: `must be removed: Kubernetes ${minor} is in EKS standard support until ${row.endOfStandardSupport}`,
            input: allowance,
        });
    }
}

/** `extendedSupport` needs the EXTENDED upgrade policy: with STANDARD, EKS upgrades the cluster itself. */
export function checkUpgradePolicy(c: VersionFacts, ctx: z.RefinementCtx): void {
    if (
        c.cluster.extendedSupport !== undefined &&
        c.cluster.upgradePolicy.supportType !== "EXTENDED"
    ) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "upgradePolicy", "supportType"],
            message:
                "must be EXTENDED while cluster.extendedSupport is set (with STANDARD, EKS upgrades the control plane itself at the end of standard support)",
            input: c.cluster.upgradePolicy.supportType,
        });
    }
}
