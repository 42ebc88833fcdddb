/**
 * A resource's properties as the Analyzer server of `@pulumi/policy` 1.21.0 hands them to a policy,
 * built once per resource for the in-process route (pack-inprocess.ts):
 *
 * - the server receives them as a `google.protobuf.Struct` (JSON values only, every object's keys in
 *   sorted order: google-protobuf writes map fields sorted), deserialises them with
 *   `deserialize.deserializeProperties` (secrets unwrapped, assets rebuilt) and wraps the result in
 *   `proxy.unknownCheckingProxy` (`server.js`, `makeAnalyzeRpcFun`);
 * - {@link analyzerProps} gives the same value. For plain JSON data (the tools' resources are) it
 *   makes the sorted copy in one pass instead of a JSON round trip, a sorted copy and the SDK's
 *   deserialisation; anything else (secret, asset or archive signatures, `toJSON`, non-finite numbers,
 *   `undefined` in a list, class instances) takes the SDK's own path.
 *
 * The unknown-checking proxy is applied only where it can change a result. `proxy.js` (1.21.0,
 * `proxyHelper`) has a single `get` trap, which throws `UnknownValueError` when the value read is one
 * of the seven unknown sentinels and otherwise returns the value (objects wrapped in a further proxy
 * of the same kind); no other trap is defined, so `Object.keys`, `in`, `Array.isArray`, iteration and
 * JSON serialisation read through to the data. Over plain JSON data without a sentinel no read can
 * throw, so the data itself gives the same values. Two things a policy could still tell apart: object
 * identity (each read through the proxy returns a new proxy, so `a.b === a.b` is false) and the two
 * marker keys the proxy answers (`__isSpecialProxy`, `__getSpecialProxyTarget`); the pack compares no
 * object read twice from the same place and reads neither key, and the route-parity test
 * (tests/tools/pack-routes.spec.ts) compares every finding with the gRPC route, which always proxies.
 * A resource holding a sentinel anywhere, or data that takes the SDK's path, is proxied as before.
 */

import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";

/* eslint-disable @typescript-eslint/no-require-imports */
/** @pulumi/policy internals (marked @internal, so absent from its typings). */
export const sdk = {
    deserialize: require("@pulumi/policy/deserialize") as {
        deserializeProperties(s: { toJavaScript(): unknown }, proxySecrets: boolean): object;
    },
    proxy: require("@pulumi/policy/proxy") as {
        unknownCheckingProxy<T>(o: T): T;
        UnknownValueError: new (...args: never[]) => Error;
        unknownBooleanValue: string;
        unknownNumberValue: string;
        unknownStringValue: string;
        unknownArrayValue: string;
        unknownAssetValue: string;
        unknownArchiveValue: string;
        unknownObjectValue: string;
    },
    policy: require("@pulumi/policy/policy") as {
        isResourcePolicy(p: Policy): p is ResourceValidationPolicy;
        isStackPolicy(p: Policy): p is StackValidationPolicy;
        getPulumiType(o: unknown): string | undefined;
    },
    protoutil: require("@pulumi/policy/protoutil") as {
        makeAnalyzerInfo(
            name: string,
            version: string,
            level: string,
            args: { policies: readonly Policy[] },
            initialConfig: undefined,
        ): AnalyzerInfo;
    },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The sentinels `proxy.js` `isUnknown` compares every value read with. */
const UNKNOWNS: ReadonlySet<string> = new Set([
    sdk.proxy.unknownBooleanValue,
    sdk.proxy.unknownNumberValue,
    sdk.proxy.unknownStringValue,
    sdk.proxy.unknownArrayValue,
    sdk.proxy.unknownAssetValue,
    sdk.proxy.unknownArchiveValue,
    sdk.proxy.unknownObjectValue,
]);

/** `rpc.specialSigKey` of `@pulumi/pulumi`: marks secrets, assets and archives on the wire. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/**
 * A JSON copy with every object's keys in sorted order: what a `google.protobuf.Struct` holds after
 * the wire, so messages that list an object's keys read the same by both routes.
 */
function wireCopy(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(wireCopy);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            out[key] = wireCopy((value as Record<string, unknown>)[key]);
        }
        return out;
    }
    return value;
}

/** The SDK's path: a JSON round trip, the sorted copy, then `deserializeProperties`. */
export function deserialiseBySdk(props: Record<string, unknown>): Record<string, unknown> {
    const plain = wireCopy(JSON.parse(JSON.stringify(props)));
    return sdk.deserialize.deserializeProperties({ toJavaScript: () => plain }, false) as Record<
        string,
        unknown
    >;
}

/** Thrown inside {@link plainCopy} for a value only the SDK's path handles. */
const NOT_PLAIN: unique symbol = Symbol("not plain JSON");

/** What {@link plainCopy} found besides the copy. */
interface Walk {
    unknown: boolean;
}

/**
 * The sorted JSON copy of plain data in one pass (what `JSON.parse(JSON.stringify(v))` followed by
 * {@link wireCopy} and `deserializeProperties` build for it); throws {@link NOT_PLAIN} otherwise.
 */
function plainCopy(value: unknown, walk: Walk): unknown {
    switch (typeof value) {
        case "string":
            if (UNKNOWNS.has(value)) {
                walk.unknown = true;
            }
            return value;
        case "boolean":
            return value;
        case "number":
            if (!Number.isFinite(value)) {
                throw NOT_PLAIN; // JSON writes null
            }
            return value === 0 ? 0 : value; // JSON writes -0 as 0
        case "object": {
            if (value === null) {
                return null;
            }
            if (typeof (value as { toJSON?: unknown }).toJSON === "function") {
                throw NOT_PLAIN;
            }
            if (Array.isArray(value)) {
                if (Object.getPrototypeOf(value) !== Array.prototype) {
                    throw NOT_PLAIN;
                }
                const out: unknown[] = [];
                for (let i = 0; i < value.length; i++) {
                    const item: unknown = value[i];
                    if (item === undefined || typeof item === "function") {
                        throw NOT_PLAIN; // JSON writes null
                    }
                    out.push(plainCopy(item, walk));
                }
                return out;
            }
            const proto: unknown = Object.getPrototypeOf(value);
            if (proto !== Object.prototype && proto !== null) {
                throw NOT_PLAIN;
            }
            const record = value as Record<string, unknown>;
            const out: Record<string, unknown> = {};
            for (const key of Object.keys(record).sort()) {
                if (key === SIG_KEY || key === "__proto__") {
                    throw NOT_PLAIN;
                }
                const item = record[key];
                if (item === undefined) {
                    continue; // JSON drops it
                }
                if (typeof item === "function" || typeof item === "symbol") {
                    throw NOT_PLAIN;
                }
                out[key] = plainCopy(item, walk);
            }
            return out;
        }
        default:
            throw NOT_PLAIN; // bigint (JSON throws), function, symbol, undefined
    }
}

/** A resource's properties for the policies: the data, and whether they must be proxied. */
export interface AnalyzerProps {
    /** What the server's `deserializeProperties` gives for the resource. */
    readonly data: Record<string, unknown>;
    /** False when no read can meet an unknown value (see the module comment). */
    readonly proxied: boolean;
}

/** Deserialises a resource's properties once, as the server does (see the module comment). */
export function analyzerProps(props: Record<string, unknown>): AnalyzerProps {
    const walk: Walk = { unknown: false };
    let data: Record<string, unknown>;
    try {
        data = plainCopy(props, walk) as Record<string, unknown>;
    } catch (e) {
        if (e !== NOT_PLAIN) {
            throw e;
        }
        return { data: deserialiseBySdk(props), proxied: true };
    }
    return { data, proxied: walk.unknown };
}

/** The props object a policy receives: the proxy where it can matter, the data itself otherwise. */
export function policyProps(p: AnalyzerProps): Record<string, unknown> {
    return p.proxied ? sdk.proxy.unknownCheckingProxy(p.data) : p.data;
}
