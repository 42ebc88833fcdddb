/**
 * What changed between two previews (`--format json` documents): resources added, removed and changed
 * (by URN, the engine's identity), with property diffs of the changed ones' inputs and of the stack
 * outputs, as `pulumi preview --diff` shows them. Secret values never appear: a property that is
 * `[secret]` on either side, or a value of a Kubernetes Secret's `data`/`stringData`, is shown as
 * `[secret]` on both sides.
 */
import { REDACTED } from "./secrets";

/** The parts of a preview document the diff reads. */
export interface DiffableResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly inputs: Record<string, unknown>;
}

/** The parts of a preview document the diff reads. */
export interface DiffableDoc {
    readonly stack: string;
    readonly resources: readonly DiffableResource[];
    readonly outputs?: Record<string, unknown>;
}

/** One changed property. `old`/`new` are absent for an added/deleted side, and for secrets. */
export interface PropertyDiff {
    /** Path in `pulumi preview --diff` form: `spec.template.spec.containers[0].image`. */
    readonly path: string;
    readonly kind: "add" | "delete" | "update";
    readonly old?: unknown;
    readonly new?: unknown;
    /** The value is secret on either side: neither is shown. */
    readonly secret?: true;
}

/** A resource present in both previews whose inputs differ. */
export interface ChangedResource {
    readonly resource: DiffableResource;
    readonly diffs: PropertyDiff[];
}

/** The difference between a baseline preview and the current one. */
export interface PreviewDiff {
    readonly added: DiffableResource[];
    readonly changed: ChangedResource[];
    readonly removed: DiffableResource[];
    readonly unchanged: number;
    readonly outputs: PropertyDiff[];
}

const SECRET_KINDS = new Set(["kubernetes:core/v1:Secret"]);

function isPlainObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function join(path: string, key: string): string {
    const safe = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
    if (safe !== key) {
        return `${path}[${safe}]`;
    }
    return path ? `${path}.${key}` : key;
}

function equal(a: unknown, b: unknown): boolean {
    if (a === b) {
        return true;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
        return a.length === b.length && a.every((v, i) => equal(v, b[i]));
    }
    if (isPlainObject(a) && isPlainObject(b)) {
        const ka = Object.keys(a);
        return ka.length === Object.keys(b).length && ka.every((k) => k in b && equal(a[k], b[k]));
    }
    return false;
}

/**
 * Property diffs of `b` against `a`, depth first, keys in `a`'s order then `b`'s new keys.
 * `secretAt(path)` marks paths whose values must not be shown.
 */
export function diffValues(
    a: unknown,
    b: unknown,
    path = "",
    secretAt: (path: string) => boolean = () => false,
): PropertyDiff[] {
    if (equal(a, b)) {
        return [];
    }
    const redacted = a === REDACTED || b === REDACTED;
    if (!redacted && isPlainObject(a) && isPlainObject(b)) {
        const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
        return keys.flatMap((k) => diffValues(a[k], b[k], join(path, k), secretAt));
    }
    if (!redacted && Array.isArray(a) && Array.isArray(b)) {
        return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
            diffValues(a[i], b[i], `${path}[${i}]`, secretAt),
        ).flat();
    }
    const kind = a === undefined ? "add" : b === undefined ? "delete" : "update";
    if (redacted || secretAt(path)) {
        return [{ path, kind, secret: true }];
    }
    return [
        {
            path,
            kind,
            ...(a === undefined ? {} : { old: a }),
            ...(b === undefined ? {} : { new: b }),
        },
    ];
}

/** Paths under a Kubernetes Secret's `data` or `stringData`: their values are never shown. */
function secretPaths(type: string): (path: string) => boolean {
    return SECRET_KINDS.has(type) ? (p) => /^(data|stringData)($|[.[])/.test(p) : () => false;
}

/** The diff of `current` against `baseline`; resources in `current`'s order, removed in `baseline`'s. */
export function diffPreviews(baseline: DiffableDoc, current: DiffableDoc): PreviewDiff {
    const before = new Map(baseline.resources.map((r) => [r.urn, r]));
    const now = new Set(current.resources.map((r) => r.urn));
    const added: DiffableResource[] = [];
    const changed: ChangedResource[] = [];
    let unchanged = 0;
    for (const r of current.resources) {
        const old = before.get(r.urn);
        if (!old) {
            added.push(r);
            continue;
        }
        const diffs = diffValues(old.inputs, r.inputs, "", secretPaths(r.type));
        if (diffs.length > 0) {
            changed.push({ resource: r, diffs });
        } else {
            unchanged++;
        }
    }
    return {
        added,
        changed,
        removed: baseline.resources.filter((r) => !now.has(r.urn)),
        unchanged,
        // A baseline from before stack outputs were recorded has none to compare.
        outputs:
            baseline.outputs === undefined
                ? []
                : diffValues(baseline.outputs, current.outputs ?? {}),
    };
}
