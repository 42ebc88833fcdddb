/**
 * Editing plain fixtures (known-good Kubernetes objects, raw stack config) in place without `any`.
 * A fixture is a `Plain` object whose values are not known to TypeScript; a test reaches the object or
 * list it changes with `at` or `listAt`, which check the shape at run time. A path the fixture lacks
 * throws, naming the path, so a case never passes by checking some other mistake.
 */
import { asArray, FieldKey, isRecord } from "../../lib/kubernetes";

/** A plain JSON-like object a test builds and edits in place. */
export type Plain = Record<string, unknown>;

/** Follows `path` below `root`, throwing at the first step that is missing. */
function follow(root: unknown, path: readonly FieldKey[]): unknown {
    let current = root;
    path.forEach((key, i) => {
        const next: unknown =
            isRecord(current) || Array.isArray(current)
                ? (current as Record<FieldKey, unknown>)[key]
                : undefined;
        if (next === undefined || next === null) {
            throw new Error(`fixture has nothing at ${pathText(path.slice(0, i + 1))}`);
        }
        current = next;
    });
    return current;
}

/** `path` as a property path for messages, e.g. `spec.containers[0]`. */
function pathText(path: readonly FieldKey[]): string {
    return path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");
}

/** The object (not a list) at `path` below `root`, to read or edit in place. */
export function at(root: unknown, ...path: readonly FieldKey[]): Plain {
    const value = follow(root, path);
    if (!isRecord(value)) {
        throw new Error(`fixture has no object at ${pathText(path) || "its root"}`);
    }
    // isRecord narrows to a read-only view; the fixture itself is a plain, mutable object.
    return value as Plain;
}

/** The list at `path` below `root`, to read or edit in place. */
export function listAt(root: unknown, ...path: readonly FieldKey[]): unknown[] {
    const value = asArray(follow(root, path));
    if (value === undefined) {
        throw new Error(`fixture has no list at ${pathText(path)}`);
    }
    return value as unknown[];
}
