/**
 * `null` read as unset, the way the API server reads it. Kubernetes decodes JSON with Go's
 * `encoding/json` semantics (sigs.k8s.io/json), where `null` for an optional pointer, slice or map
 * field leaves it unset: `securityContext: {procMount: null}` is a pod with the default proc mount, and
 * `hostNetwork: null` one without the host's network. A policy that compared with `undefined` alone
 * saw such a field as set to a bad value (or, with `!== false`, the reverse of what the server does).
 *
 * Every check in the pack sees resource properties through {@link nullAsUnset}: an object key holding
 * `null` reads as absent (`undefined`, not listed by `Object.keys`, not `in`). Items of lists are left
 * as they are (a `null` list item is malformed, not unset). The view is lazy: it reads only what a
 * check reads, so CrossGuard's unknown-value proxy (`@pulumi/policy` proxy.js) still reports exactly
 * the unknown values a check touches, and it never copies the resource.
 *
 * Most objects hold no `null` at all; for those the view is the value itself (found by one walk over
 * the raw property descriptors, cached per value), which reads the same as the proxy would and spares
 * a proxy per nested object a check reads (about a third of the pack's time on large manifest sets).
 */

const VIEWS = new WeakMap<object, object>();

/** True when `key` is an own property of `target` holding `null` that a proxy may hide. */
function hiddenNull(target: object, key: string | symbol): boolean {
    if (Array.isArray(target)) {
        return false;
    }
    // The descriptor, not a read: CrossGuard's proxy throws on reading an unknown value, and its
    // descriptor reads the raw value without that check.
    const d = Object.getOwnPropertyDescriptor(target, key);
    return d !== undefined && "value" in d && d.value === null && d.configurable === true;
}

/** Deeper than this, {@link holdsNoHiddenNull} gives up (and the proxy is used). */
const MAX_WALK_DEPTH = 64;

/**
 * True when no read through the proxy could differ from a read of `value` itself: plain objects and
 * arrays only (own data properties, no accessors, standard prototypes), no object field holding
 * `null` at any depth. The walk reads descriptors, never values through a `get` (CrossGuard's proxy
 * throws on reading an unknown value; its descriptors read the raw data).
 */
function holdsNoHiddenNull(value: object, depth: number): boolean {
    if (depth > MAX_WALK_DEPTH) {
        return false;
    }
    const isArray = Array.isArray(value);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== (isArray ? Array.prototype : Object.prototype) && proto !== null) {
        return false;
    }
    for (const key of Reflect.ownKeys(value)) {
        const d = Object.getOwnPropertyDescriptor(value, key);
        if (d === undefined || !("value" in d)) {
            return false;
        }
        const v: unknown = d.value;
        if (v === null) {
            if (!isArray && d.configurable === true) {
                return false;
            }
        } else if (typeof v === "object" && !holdsNoHiddenNull(v, depth + 1)) {
            return false;
        }
    }
    return true;
}

/** `value` seen with `null` object fields as unset, at every depth. */
export function nullAsUnset<T>(value: T): T {
    if (typeof value !== "object" || value === null) {
        return value;
    }
    const cached = VIEWS.get(value);
    if (cached) {
        return cached as T;
    }
    if (holdsNoHiddenNull(value, 0)) {
        VIEWS.set(value, value);
        return value;
    }
    const view = new Proxy(value, {
        get(target, key, receiver) {
            if (hiddenNull(target, key)) {
                return undefined;
            }
            const v: unknown = Reflect.get(target, key, receiver);
            // Honour the Proxy invariant for non-configurable, read-only data properties.
            const d = Object.getOwnPropertyDescriptor(target, key);
            if (d && "value" in d && d.configurable === false && d.writable === false) {
                return v;
            }
            return nullAsUnset(v);
        },
        has: (target, key) => !hiddenNull(target, key) && Reflect.has(target, key),
        ownKeys: (target) => Reflect.ownKeys(target).filter((k) => !hiddenNull(target, k)),
        getOwnPropertyDescriptor: (target, key) =>
            hiddenNull(target, key) ? undefined : Reflect.getOwnPropertyDescriptor(target, key),
    });
    VIEWS.set(value, view);
    return view;
}
