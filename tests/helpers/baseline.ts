/**
 * What a stack creates, reduced to what a refactor must keep: every resource's URN with its type, and
 * a digest of its inputs (secrets redacted; for a Kubernetes object, its rendered manifest). A live
 * stack sees a replace or delete when a URN disappears without an alias, and an update when inputs
 * change; the baseline records both so a refactor can prove it causes neither.
 */
import { createHash } from "crypto";

import { RecordedResource } from "../../tools/offline/mocks";
import { redactManifest } from "../../tools/offline/render";

/** One stack's baseline: URN -> digest of the resource's inputs. */
export type Baseline = Record<string, string>;

/** JSON with object keys sorted, so a digest does not depend on insertion order. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>)
            .filter(([, v]) => v !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
    }
    return JSON.stringify(value) ?? "null";
}

/** Digest of a resource's inputs as they would reach the engine (secrets redacted). */
export function inputsDigest(r: RecordedResource): string {
    return createHash("sha256")
        .update(canonical(redactManifest({ ...r.inputs })))
        .digest("hex")
        .slice(0, 16);
}

/** The baseline of recorded resources, keys sorted. */
export function baselineOf(resources: readonly RecordedResource[]): Baseline {
    const entries = resources.map((r) => [r.urn, inputsDigest(r)] as const);
    return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** How the current resources differ from a baseline, in the engine's terms. */
export interface BaselineDrift {
    /** Baseline URNs neither present nor aliased: the engine would delete (or replace) them. */
    readonly deleted: string[];
    /** Baseline URNs whose resource's inputs changed: an update (or a replace). */
    readonly changed: string[];
    /** URNs not in the baseline and aliasing none of it: new resources. */
    readonly added: string[];
}

/** Compares `resources` with `baseline`, following each resource's aliases. */
export function driftFrom(
    baseline: Baseline,
    resources: readonly RecordedResource[],
): BaselineDrift {
    const known = new Map<string, RecordedResource>();
    for (const r of resources) {
        for (const urn of [...r.aliases, r.urn]) {
            known.set(urn, r);
        }
    }
    const deleted: string[] = [];
    const changed: string[] = [];
    const matched = new Set<RecordedResource>();
    for (const [urn, digest] of Object.entries(baseline)) {
        const r = known.get(urn);
        if (!r) {
            deleted.push(urn);
            continue;
        }
        matched.add(r);
        if (inputsDigest(r) !== digest) {
            changed.push(urn);
        }
    }
    const added = resources.filter((r) => !matched.has(r)).map((r) => r.urn);
    return { deleted, changed, added };
}
