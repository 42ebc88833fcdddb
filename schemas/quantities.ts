/**
 * CPU and memory quantities as the kubelet and the API server read them: one rule per resource, used by
 * every key that sets a container's requests or limits or a VPA bound.
 *
 * - Grammar: k8s.io/apimachinery pkg/api/resource/quantity.go (`ParseQuantity`), kubernetes v1.33.
 * - Memory is a whole number of bytes: the `m` suffix is thousandths, so `256m` of memory is 0.256
 *   bytes, never 256 MiB; a bare number is bytes.
 * - CPU is counted in millicores: the kubelet converts requests to CPU shares and limits to a CFS quota
 *   from `MilliValue()` (pkg/kubelet/cm/helpers_linux.go, `MilliCPUToShares`, `MilliCPUToQuota`), so
 *   a finer value is rounded; and the quota is at least `MinQuotaPeriod` (1000 µs of each 100 ms
 *   period), so a limit below 10m is silently raised to 10m.
 */
import { z } from "zod";

import { ExactQuantity, compareQuantity, exactQuantity, isWholeMultiple } from "../lib/kubernetes";

/** Smallest memory request or limit accepted: no container runtime starts a process in less. */
export const MIN_MEMORY = { text: "1Mi", bytes: 2n ** 20n } as const;
/** Smallest CPU limit the kubelet enforces as written (one CFS minimum quota per 100 ms period). */
export const MIN_CPU_LIMIT = { text: "10m", millicores: 10n } as const;

/** What a quantity sets: a container request or limit, or a VPA bound. */
export type QuantityUse = "request" | "limit" | "bound";

const SYNTAX = "must be a Kubernetes quantity like 500m, 1 or 256Mi";
const POSITIVE: Readonly<Record<QuantityUse, string>> = {
    request:
        "must be greater than 0 (a zero limit cannot run a container; a zero request hides the pod from scheduling and HPA utilisation)",
    limit: "must be greater than 0 (a zero limit cannot run a container; a zero request hides the pod from scheduling and HPA utilisation)",
    bound: "must be a positive quantity (a VPA bound of 0 or less lets it size the pod to nothing)",
};

/** Parses and checks the sign; the per-resource rule gets the exact value. */
function quantity(use: QuantityUse, rule: (q: ExactQuantity, text: string) => string | undefined) {
    return z.string().superRefine((text, ctx) => {
        const q = exactQuantity(text);
        const message =
            q === undefined ? SYNTAX : compareQuantity(q, 0n) <= 0 ? POSITIVE[use] : rule(q, text);
        if (message !== undefined) {
            ctx.addIssue({ code: "custom", message, input: text });
        }
    });
}

/** A memory quantity: whole bytes, at least {@link MIN_MEMORY}. */
export function memoryQuantity(use: QuantityUse) {
    return quantity(use, (q, text) => {
        if (!isWholeMultiple(q)) {
            return /[mun]$/.test(text)
                ? `must be a whole number of bytes: the ${text.slice(-1)} suffix divides by ${text.endsWith("m") ? "1000" : text.endsWith("u") ? "a million" : "a billion"} (for mebibytes write Mi, e.g. ${text.slice(0, -1)}Mi)`
                : "must be a whole number of bytes";
        }
        if (compareQuantity(q, MIN_MEMORY.bytes) < 0) {
            return `must be at least ${MIN_MEMORY.text} (a number without a unit is bytes; write 256Mi or 1Gi)`;
        }
        return undefined;
    });
}

/** A CPU quantity: whole millicores, at least 1m; a limit at least {@link MIN_CPU_LIMIT}. */
export function cpuQuantity(use: QuantityUse) {
    return quantity(use, (q) => {
        if (!isWholeMultiple(q, 1000n)) {
            return "must be a whole number of millicores, at least 1m (the kubelet counts CPU in thousandths of a core and rounds finer values)";
        }
        if (
            use === "limit" &&
            compareQuantity({ num: q.num * 1000n, den: q.den }, MIN_CPU_LIMIT.millicores) < 0
        ) {
            return `must be at least ${MIN_CPU_LIMIT.text} (the kubelet's smallest CFS quota is 1 ms per 100 ms period; a lower limit is raised to ${MIN_CPU_LIMIT.text})`;
        }
        return undefined;
    });
}

/** True when `text` passes the rule of `resource` for `use` (cross-key checks skip values already refused). */
export function validQuantity(resource: "cpu" | "memory", use: QuantityUse, text: string): boolean {
    return (resource === "cpu" ? cpuQuantity(use) : memoryQuantity(use)).safeParse(text).success;
}
