/**
 * Reading values of unknown shape (resource inputs of every kind and API version, plain manifests,
 * recorded mock inputs, JSON) without `any`: each accessor checks the shape at run time and answers
 * undefined (or an empty list) when the value has another one.
 *
 * `field` reads a path the way optional chaining does (`obj?.spec?.template`): it stops only at null or
 * undefined and reads every other step as a plain property read. So under CrossGuard's unknown-value
 * proxy (`@pulumi/policy` proxy.js) it touches exactly the properties `?.` would, and an unknown value
 * is reported the same way.
 */

/** An object whose keys are known to be strings and whose values are not known yet. */
export type UnknownRecord = { readonly [key: string]: unknown };

/** One step of a {@link field} path: an object key or an array index. */
export type FieldKey = string | number;

/** True for a non-null object that is not an array. */
export function isRecord(value: unknown): value is UnknownRecord {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value as an object (not an array), else undefined. */
export function asRecord(value: unknown): UnknownRecord | undefined {
    return isRecord(value) ? value : undefined;
}

/** The value as an array, else undefined. */
export function asArray(value: unknown): readonly unknown[] | undefined {
    return Array.isArray(value) ? value : undefined;
}

/** The value as a string, else undefined. */
export function asString(value: unknown): string | undefined {
    return typeof value === "string" ? value : undefined;
}

/** The value as a number, else undefined. */
export function asNumber(value: unknown): number | undefined {
    return typeof value === "number" ? value : undefined;
}

/**
 * The value at `path` below `value`, as `value?.[path[0]]?.[path[1]]...` reads it: undefined as soon as
 * a step is null or undefined.
 */
export function field(value: unknown, ...path: readonly FieldKey[]): unknown {
    let current = value;
    for (const key of path) {
        if (current === null || current === undefined) {
            return undefined;
        }
        current = (current as Record<FieldKey, unknown>)[key];
    }
    return current;
}

/** The object at `path` below `value`, else undefined. */
export function recordAt(value: unknown, ...path: readonly FieldKey[]): UnknownRecord | undefined {
    return asRecord(field(value, ...path));
}

/** The string at `path` below `value`, else undefined. */
export function stringAt(value: unknown, ...path: readonly FieldKey[]): string | undefined {
    return asString(field(value, ...path));
}

/**
 * The items of the list at `path` below `value`; an empty list when it is absent or not a list (a
 * list of another shape is refused by the API server's schema before any of our checks matters).
 */
export function itemsAt(value: unknown, ...path: readonly FieldKey[]): readonly unknown[] {
    return asArray(field(value, ...path)) ?? [];
}
