/**
 * Turns schema issues into one-line messages that name the key path, the value received and what is
 * allowed, e.g. `supply-chain-platform:cluster.nodeGroups.ml.maxSize must be >= minSize (0), got -1`.
 */
import type { z } from "zod";

import { closestKey } from "./closest-key";

/** Characters never printed as they are: C0/C1 controls, DEL, line and paragraph separators, bidi
 * controls and other invisible (default-ignorable) characters, lone surrogates. */
const UNSAFE =
    /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069\p{Default_Ignorable_Code_Point}\p{Cs}]/u;

/** The longest key name or value shown, in code points (before escaping). */
export const MAX_SHOWN = 80;
/** The longest line a message has, in code points. */
export const MAX_LINE = 2000;

/** Escapes every unsafe character as `\\uXXXX` (code points above U+FFFF as `\\u{XXXXX}`). */
function escapeUnsafe(points: readonly string[]): string {
    return points
        .map((c) => {
            if (!UNSAFE.test(c)) {
                return c;
            }
            const code = c.codePointAt(0) ?? 0;
            const hex = code.toString(16).toUpperCase();
            return code > 0xffff ? `\\u{${hex}}` : `\\u${hex.padStart(4, "0")}`;
        })
        .join("");
}

/**
 * User text (a key name, a value) made safe to print: cut to `max` code points (`...` marks the cut),
 * then every unsafe character escaped, so it can neither break a line nor drive a terminal.
 */
export function safeText(text: string, max = MAX_SHOWN): string {
    const points = Array.from(text);
    return points.length > max
        ? `${escapeUnsafe(points.slice(0, max - 3))}...`
        : escapeUnsafe(points);
}

/** A whole message line made safe: unsafe characters escaped, then cut to {@link MAX_LINE} code points. */
export function safeLine(line: string): string {
    const points = Array.from(escapeUnsafe(Array.from(line)));
    return points.length > MAX_LINE
        ? `${points.slice(0, MAX_LINE - 3).join("")}...`
        : line.length === 0
          ? ""
          : points.join("");
}

/** What a value is, without showing it: `a string of 12 characters`, `a map of 2 keys`... */
export function describeShape(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    if (value === null) {
        return "empty";
    }
    if (value instanceof Redacted || isSecureValue(value)) {
        return "a secret value (not shown)";
    }
    if (typeof value === "string") {
        const n = Array.from(value).length;
        return `a string of ${n} character${n === 1 ? "" : "s"} (not shown)`;
    }
    if (Array.isArray(value)) {
        return `a list of ${value.length} item${value.length === 1 ? "" : "s"} (not shown)`;
    }
    if (typeof value === "object") {
        const n = Object.keys(value).length;
        return `a map of ${n} key${n === 1 ? "" : "s"} (not shown)`;
    }
    return `a ${typeof value} (not shown)`;
}

/**
 * A value that must not be printed (a secret-looking config value): messages show its length only.
 */
export class Redacted {
    constructor(private readonly value: string) {}
    /** How messages show it. */
    describe(): string {
        return `a value of ${this.value.length} characters (not shown)`;
    }
}

/** True for a Pulumi `secure:` value (`{ secure: "<ciphertext>" }`), which is never printed. */
export function isSecureValue(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        typeof (value as { secure?: unknown }).secure === "string"
    );
}

/** Renders a path as `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
    return path
        .map((p, i) =>
            typeof p === "number"
                ? `[${p}]`
                : i === 0
                  ? safeText(String(p))
                  : `.${safeText(String(p))}`,
        )
        .join("");
}

/** Renders a received value for an error message (`nothing` when missing). */
export function describeValue(value: unknown): string {
    if (value === undefined) {
        return "nothing";
    }
    if (value instanceof Redacted) {
        return value.describe();
    }
    if (isSecureValue(value)) {
        return "a secure value (not shown)";
    }
    const text =
        JSON.stringify(value, (_key, v: unknown) =>
            isSecureValue(v) ? "[secure value, not shown]" : typeof v === "bigint" ? String(v) : v,
        ) ?? String(value);
    return safeText(text);
}

/** Reads the value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    let cur: unknown = root;
    for (const p of path) {
        if (cur === null || typeof cur !== "object") {
            return undefined;
        }
        cur = (cur as Record<PropertyKey, unknown>)[p];
    }
    return cur;
}

/** Walks the schema along `path` to the object schema there and lists its keys (for "unknown key" errors). */
function allowedKeys(schema: z.ZodType | undefined, path: readonly PropertyKey[]): string[] {
    let cur = unwrap(schema);
    for (const p of path) {
        const def = defOf(cur);
        if (def?.type === "object") {
            cur = unwrap((def.shape as Record<string, z.ZodType>)[String(p)]);
        } else if (def?.type === "record") {
            cur = unwrap(def.valueType as z.ZodType);
        } else if (def?.type === "array") {
            cur = unwrap(def.element as z.ZodType);
        } else {
            return [];
        }
    }
    const def = defOf(cur);
    return def?.type === "object" ? Object.keys(def.shape as object) : [];
}

function defOf(schema: z.ZodType | undefined): Record<string, unknown> | undefined {
    return (schema as unknown as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod
        ?.def;
}

function unwrap(schema: z.ZodType | undefined): z.ZodType | undefined {
    let cur = schema;
    for (;;) {
        const def = defOf(cur);
        if (
            def &&
            ["default", "optional", "nullable", "prefault", "readonly"].includes(def.type as string)
        ) {
            cur = def.innerType as z.ZodType;
        } else if (def?.type === "pipe") {
            cur = def.in as z.ZodType;
        } else {
            return cur;
        }
    }
}

const ZOD_DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Unrecognized|Expected)/;

function describeIssue(issue: z.core.$ZodIssue, value?: unknown): string {
    if (!ZOD_DEFAULT_MESSAGE.test(issue.message)) {
        return issue.message; // a message written in the schema says it best
    }
    if (issue.code === "invalid_type" && isSecureValue(value)) {
        return "must not be an encrypted secure: value (this key takes plain values; application secrets belong in AWS Secrets Manager, referenced from services.<name>.secrets)";
    }
    if (issue.code === "invalid_type" && issue.expected === "string" && typeof value === "number") {
        return "must be a string: YAML reads an unquoted number as a number (1.30 becomes 1.3); quote it in the stack file";
    }
    if (
        issue.code === "invalid_type" &&
        (issue.expected === "object" || issue.expected === "record") &&
        value !== undefined
    ) {
        return `must be a map of keys to values (key: value lines under it), not ${Array.isArray(value) ? "a list" : value === null ? "empty" : `a ${typeof value}`}`;
    }
    switch (issue.code) {
        case "invalid_type":
            return `must be ${issue.expected === "int" ? "an integer" : `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}`}`;
        case "too_small":
            return issue.origin === "array"
                ? `must have at least ${issue.minimum} item(s)`
                : issue.origin === "string"
                  ? `must be at least ${issue.minimum} characters`
                  : `must be ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`;
        case "too_big":
            return issue.origin === "array"
                ? `must have at most ${issue.maximum} item(s)`
                : issue.origin === "string"
                  ? `must be at most ${issue.maximum} characters`
                  : `must be ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`;
        case "invalid_value":
            return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_format":
            return issue.format === "regex" ? issue.message : `must be a valid ${issue.format}`;
        default:
            return issue.message;
    }
}

/** `project:path`, or the path alone when its first part is already a full key (`aws:region`). */
function qualify(prefix: string, path: readonly PropertyKey[]): string {
    const first = path[0];
    return typeof first === "string" && first.includes(":")
        ? formatPath(path)
        : `${prefix}:${formatPath(path)}`;
}

/**
 * Formats every issue as `<prefix>:<path> <rule>, got <value>`, one per line.
 *
 * @param prefix the project name; keys are shown as Pulumi config keys (`project:key.path`).
 * @param schema when given, "unknown key" errors list the keys that are allowed there.
 */
export function formatConfigIssues(
    prefix: string,
    issues: readonly z.core.$ZodIssue[],
    raw: unknown,
    schema?: z.ZodType,
): string {
    const lines: string[] = [];
    for (const issue of issues) {
        if (issue.code === "unrecognized_keys") {
            const allowed = allowedKeys(schema, issue.path);
            for (const key of issue.keys) {
                const path = [...issue.path, key];
                const meant = closestKey(key, allowed);
                const hint = [
                    ...(meant === undefined ? [] : [`did you mean ${meant}?`]),
                    ...(allowed.length > 0 ? [`allowed: ${allowed.join(", ")}`] : []),
                ].join(" ");
                // The value of a key nothing reads is never shown: it may be a secret put in the wrong place.
                lines.push(
                    `${qualify(prefix, path)} is not a known key` +
                        (hint === "" ? "" : ` (${hint})`) +
                        `, got ${describeShape(valueAt(raw, path))}`,
                );
            }
            continue;
        }
        if (issue.code === "invalid_key") {
            const key = issue.path[issue.path.length - 1];
            const rule = issue.issues.map((i) => describeIssue(i as z.core.$ZodIssue)).join("; ");
            lines.push(
                `${qualify(prefix, issue.path)} is not a valid key: it ${rule}, got ${describeValue(key)}`,
            );
            continue;
        }
        // Prefer the value the schema saw (it includes defaults); fall back to the raw config.
        const value =
            "input" in issue && issue.input !== undefined ? issue.input : valueAt(raw, issue.path);
        lines.push(
            `${qualify(prefix, issue.path)} ${describeIssue(issue, value)}, got ${describeValue(value)}`,
        );
    }
    return lines.map(safeLine).join("\n");
}
