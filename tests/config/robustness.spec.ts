/**
 * No input crashes the config check: generated mutations of a committed stack (any value replaced by
 * a value of another type, keys deleted or renamed, prototype names as keys, huge and hostile strings)
 * either pass or stop with a ConfigError, never with a TypeError or another crash.
 */
import * as assert from "assert";
import fc from "fast-check";

import { ConfigError, parsePlatformConfig } from "../../config";
import { rawStack, stackContext } from "../helpers/config";
import { Plain } from "../helpers/edit";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    const here = [prefix];
    if (Array.isArray(value)) {
        return [...here, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
    }
    if (value !== null && typeof value === "object") {
        return [...here, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
    }
    return here;
}

const NAMES = ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "prototype"];
const hostile = fc.oneof(
    fc.constantFrom(...NAMES),
    fc.constantFrom("", " ", "\u0000", "\u202e", "\u200b", "-1", "1e309", "NaN", "0x10", "~"),
    fc.string({ maxLength: 20 }),
    fc.constant("x".repeat(100_000)),
);
const value: fc.Arbitrary<Json> = fc.letrec<{ json: Json }>((tie) => ({
    json: fc.oneof(
        { depthSize: "small" },
        fc.constant(null),
        fc.boolean(),
        fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 31, 2 ** 53, 1e308)),
        hostile,
        fc.array(tie("json"), { maxLength: 3 }),
        fc.dictionary(hostile, tie("json"), { maxKeys: 3 }),
    ),
})).json;

type Mutation =
    | { kind: "set"; at: number; to: Json }
    | { kind: "delete"; at: number }
    | { kind: "rename"; at: number; to: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ kind: fc.constant("set" as const), at: fc.nat(), to: value }),
    fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
    fc.record({ kind: fc.constant("rename" as const), at: fc.nat(), to: hostile }),
);

/** Applies `m` to `raw` in place. */
function apply(raw: Plain, m: Mutation): void {
    const all = paths(raw).filter((p) => p.length > 0);
    const p = all[m.at % all.length];
    let parent: unknown = raw;
    for (const key of p.slice(0, -1)) {
        parent = (parent as Record<string | number, unknown>)[key];
    }
    const last = p[p.length - 1];
    const container = parent as Record<string | number, unknown>;
    if (m.kind === "set") {
        container[last] = m.to;
    } else if (Array.isArray(parent) && typeof last === "number") {
        if (m.kind === "delete") {
            parent.splice(last, 1);
        }
    } else if (m.kind === "delete") {
        delete container[last];
    } else {
        const v = container[last];
        delete container[last];
        Object.defineProperty(container, m.to, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
        });
    }
}

describe("config robustness", () => {
    for (const stack of ["staging", "production"]) {
        it(`${stack}: every generated mutation passes or stops with a ConfigError`, () => {
            const context = stackContext(stack);
            fc.assert(
                fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
                    const raw = rawStack(stack);
                    for (const m of mutations) {
                        apply(raw, m);
                    }
                    try {
                        parsePlatformConfig(raw, context);
                    } catch (e) {
                        assert.ok(
                            e instanceof ConfigError,
                            `${(e as Error).stack}\n${JSON.stringify(mutations).slice(0, 500)}`,
                        );
                        for (const line of e.message.split("\n")) {
                            assert.ok(line.length > 0);
                        }
                    }
                }),
                { numRuns: 100, seed: 41 },
            );
        });
    }
});
