/**
 * The mTLS migration window, as both the mesh components (which create it) and the policy pack (which
 * admits exactly this shape) read it: a workload-level PeerAuthentication that accepts plain text
 * (PERMISSIVE, for the whole workload or for named ports) until a date, for a stated reason.
 *
 * Istio picks the most specific PeerAuthentication for a workload (workload-level over
 * namespace-wide over mesh-wide), and port-level settings apply only to workload-level policies
 * (https://istio.io/latest/docs/reference/config/security/peer_authentication/), so a selector scopes
 * the window to the named workloads while every other workload of the namespace stays STRICT.
 * Migration procedure: https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/.
 */
import { field } from "./fields";
import { reasonProblem } from "../text/reason";

/** Annotation holding the last day (ISO date, UTC) the window is open. */
export const MTLS_MIGRATION_UNTIL = "supply-chain-platform/mtls-migration-until";
/** Annotation holding why the window exists (who still calls in plain text). */
export const MTLS_MIGRATION_REASON = "supply-chain-platform/mtls-migration-reason";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for an ISO date (`YYYY-MM-DD`) that exists in the calendar. */
export function isIsoDate(value: unknown): value is string {
    return (
        typeof value === "string" &&
        ISO_DATE.test(value) &&
        new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
    );
}

/** Today's date in UTC (`YYYY-MM-DD`). */
export function utcToday(now: Date = new Date()): string {
    return now.toISOString().slice(0, 10);
}

/** The `matchLabels` of a PeerAuthentication's selector, when it names at least one label. */
export function workloadSelector(obj: unknown): Record<string, unknown> | undefined {
    const labels = field(obj, "spec", "selector", "matchLabels");
    return labels !== null &&
        typeof labels === "object" &&
        !Array.isArray(labels) &&
        Object.keys(labels).length > 0
        ? (labels as Record<string, unknown>)
        : undefined;
}

/**
 * Why a PeerAuthentication is not an open migration window, or undefined when it is one: it selects
 * workloads, lives in one of `namespaces`, and carries a reason and an end date that is not before
 * `today`.
 */
export function migrationWindowRefusal(
    obj: unknown,
    namespaces: readonly unknown[],
    today: string,
): string | undefined {
    if (!workloadSelector(obj)) {
        return "a window selects workloads with spec.selector.matchLabels, never a whole namespace or the mesh";
    }
    const ns = field(obj, "metadata", "namespace") ?? "default";
    if (!namespaces.includes(ns)) {
        const allowed = namespaces.map((n) => `'${String(n)}'`).join(", ") || "none";
        return `namespace '${String(ns)}' is not one of this stack's migrationNamespaces (${allowed})`;
    }
    const until = field(obj, "metadata", "annotations", MTLS_MIGRATION_UNTIL);
    if (!isIsoDate(until)) {
        return `annotation ${MTLS_MIGRATION_UNTIL} must be the window's last day (YYYY-MM-DD), got ${JSON.stringify(until ?? "unset")}`;
    }
    if (until < today) {
        return `the migration window ended on ${until}`;
    }
    const reason = field(obj, "metadata", "annotations", MTLS_MIGRATION_REASON);
    if (typeof reason !== "string") {
        return `annotation ${MTLS_MIGRATION_REASON} must say why the window exists, got "unset"`;
    }
    const problem = reasonProblem(reason);
    if (problem) {
        return `annotation ${MTLS_MIGRATION_REASON} ${problem}`;
    }
    return undefined;
}
