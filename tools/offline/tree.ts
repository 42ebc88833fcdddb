/**
 * The resource tree of the text report. Compact by default: one line per component with the number
 * of resources under it, sibling components of one type folded into one line, and expanded only
 * where something changed (with a baseline) or a policy is violated. `details` prints every resource.
 */
import type { PreviewDiff, PropertyDiff } from "./diff";
import type { Violation } from "./pack";
import { REDACTED } from "./secrets";
import { dim, green, red, yellow } from "./text";

/** The parts of a resource the tree reads. */
export interface TreeResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
}

/** Options of {@link resourceTree}. */
export interface TreeOptions {
    /** Every resource, not only components. @default false */
    readonly details?: boolean;
    /** What changed against a baseline; without it every resource is to be created. @default none */
    readonly diff?: PreviewDiff;
    readonly violations: readonly Violation[];
    /** Property diffs shown per changed resource in the compact tree. @default 8 */
    readonly maxPropertyLines?: number;
}

const INDENT = "   ";
/** Longest list of folded component names on one line. */
const NAMES_WIDTH = 48;

/** A value as `pulumi preview --diff` prints it: JSON, cut at `width` characters. */
export function showValue(value: unknown, width = 80): string {
    if (value === REDACTED) {
        return REDACTED;
    }
    const s = JSON.stringify(value) ?? "undefined";
    return s.length > width ? `${s.slice(0, width - 1)}…` : s;
}

/** One property diff line (`~ spec.replicas: 2 => 3`); secrets as `[secret]` on both sides. */
export function propertyLine(d: PropertyDiff): string {
    const show = (v: unknown) => (d.secret ? "[secret]" : showValue(v));
    switch (d.kind) {
        case "add":
            return green(`+ ${d.path}: ${show(d.new)}`);
        case "delete":
            return red(`- ${d.path}: ${show(d.old)}`);
        default: {
            const [a, b] = [d.old, d.new];
            if (!d.secret && typeof a === "string" && typeof b === "string") {
                // Long strings that differ near the end (an image tag): the tail that differs.
                let common = 0;
                while (common < Math.min(a.length, b.length) && a[common] === b[common]) {
                    common++;
                }
                const cut = Math.max(0, common - 24);
                if (cut > 0 && Math.max(a.length, b.length) > 40) {
                    const tail = (v: string) => `"…${showValue(v.slice(cut)).slice(1)}`;
                    return yellow(`~ ${d.path}: ${tail(a)} => ${tail(b)}`);
                }
            }
            return yellow(`~ ${d.path}: ${show(a)} => ${show(b)}`);
        }
    }
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The tree's lines, the stack first. */
export function resourceTree(
    stack: string,
    resources: readonly TreeResource[],
    options: TreeOptions,
): string[] {
    const diff = options.diff;
    const all = [...resources, ...(diff?.removed ?? [])];
    const known = new Set(all.map((r) => r.urn));
    const children = new Map<string | undefined, TreeResource[]>();
    for (const r of all) {
        const parent = r.parent && known.has(r.parent) ? r.parent : undefined;
        children.set(parent, [...(children.get(parent) ?? []), r]);
    }
    const mark = new Map<string, string>();
    const changes = new Map<string, PropertyDiff[]>();
    for (const r of diff?.added ?? []) {
        mark.set(r.urn, "+");
    }
    for (const r of diff?.removed ?? []) {
        mark.set(r.urn, "-");
    }
    for (const c of diff?.changed ?? []) {
        mark.set(c.resource.urn, "~");
        changes.set(c.resource.urn, c.diffs);
    }
    const violated = new Map<string, Violation[]>();
    for (const v of options.violations) {
        violated.set(v.urn, [...(violated.get(v.urn) ?? []), v]);
    }

    // Resources under each node (removed ones not counted) and whether anything under it is notable.
    const size = new Map<string, number>();
    const notable = new Map<string, boolean>();
    const measure = (r: TreeResource): void => {
        let n = 0;
        let hot = (diff !== undefined && mark.has(r.urn)) || violated.has(r.urn);
        for (const c of children.get(r.urn) ?? []) {
            measure(c);
            n += size.get(c.urn)! + (mark.get(c.urn) === "-" ? 0 : 1);
            hot ||= notable.get(c.urn)!;
        }
        size.set(r.urn, n);
        notable.set(r.urn, hot);
    };
    (children.get(undefined) ?? []).forEach(measure);

    const symbol = (r: TreeResource) =>
        diff ? (mark.get(r.urn) ?? " ") : mark.get(r.urn) === "-" ? "-" : "+";
    const paint = (s: string, r: TreeResource) => {
        const m = mark.get(r.urn);
        return m === "+" ? green(s) : m === "-" ? red(s) : m === "~" ? yellow(s) : s;
    };
    const notes = (r: TreeResource): string => {
        const parts: string[] = [];
        const n = size.get(r.urn) ?? 0;
        if (!options.details && n > 0) {
            parts.push(dim(`(${plural(n, "resource")})`));
        }
        for (const v of violated.get(r.urn) ?? []) {
            const text = `${v.enforcementLevel} [${v.policy}]`;
            parts.push(v.enforcementLevel === "mandatory" ? red(text) : yellow(text));
        }
        return parts.length ? `  ${parts.join(" ")}` : "";
    };
    const lines: string[] = [];
    const line = (r: TreeResource, depth: number) => {
        lines.push(
            `${INDENT.repeat(depth)}${paint(`${symbol(r)} ${r.type}  ${r.name}`, r)}${notes(r)}`,
        );
        const diffs = changes.get(r.urn) ?? [];
        const max = options.details ? diffs.length : (options.maxPropertyLines ?? 8);
        for (const d of diffs.slice(0, max)) {
            lines.push(`${INDENT.repeat(depth + 1)}  ${propertyLine(d)}`);
        }
        if (diffs.length > max) {
            lines.push(
                `${INDENT.repeat(depth + 1)}  ${dim(`... ${diffs.length - max} more (--details)`)}`,
            );
        }
    };
    const walk = (parent: string | undefined, depth: number) => {
        const kids = children.get(parent) ?? [];
        if (options.details) {
            for (const r of kids) {
                line(r, depth);
                walk(r.urn, depth + 1);
            }
            return;
        }
        // Components, with same-type siblings that hold nothing notable folded into one line.
        const folded = new Map<string, TreeResource[]>();
        for (const r of kids) {
            if (children.has(r.urn) && !notable.get(r.urn)) {
                folded.set(r.type, [...(folded.get(r.type) ?? []), r]);
            }
        }
        for (const r of kids) {
            const group = folded.get(r.type);
            if (group && group.length > 1 && group.includes(r)) {
                if (group[0] === r) {
                    const total = group.reduce((s, g) => s + size.get(g.urn)!, 0);
                    let names = group.map((g) => g.name).join(", ");
                    if (names.length > NAMES_WIDTH) {
                        names = `${names.slice(0, NAMES_WIDTH - 1)}…`;
                    }
                    lines.push(
                        `${INDENT.repeat(depth)}${symbol(r)} ${r.type} x${group.length}  ${names}  ${dim(`(${plural(total, "resource")})`)}`,
                    );
                }
            } else if (children.has(r.urn) || notable.get(r.urn)) {
                line(r, depth);
                walk(r.urn, depth + 1);
            }
        }
    };
    const total = resources.length;
    lines.push(
        `${diff ? " " : "+"} pulumi:pulumi:Stack  ${stack}` +
            (options.details ? "" : `  ${dim(`(${plural(total, "resource")})`)}`),
    );
    walk(undefined, 1);
    return lines;
}
