/**
 * A key named `__proto__` anywhere in the config is refused at its path: a plain object would drop it
 * (and, for a service, the whole service) without a word.
 */
import * as assert from "assert";
import fc from "fast-check";

import { ConfigError, parsePlatformConfig } from "../../config";
import { rawStack, stackContext } from "../helpers/config";
import { Plain } from "../helpers/edit";

/** Every path to a map (not a list) inside `value`, with its text as config messages print it. */
function mapPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => mapPaths(v, [...prefix, i]));
    }
    if (value !== null && typeof value === "object") {
        return [prefix, ...Object.entries(value).flatMap(([k, v]) => mapPaths(v, [...prefix, k]))];
    }
    return [];
}

function follow(raw: Plain, path: readonly (string | number)[]): Record<string, unknown> {
    let current: unknown = raw;
    for (const key of path) {
        current = (current as Record<string | number, unknown>)[key];
    }
    return current as Record<string, unknown>;
}

const pathText = (path: readonly (string | number)[]) =>
    path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

const MESSAGE =
    'is not a valid key: no key of this config is named __proto__, and a JavaScript object would silently drop it with everything under it, got "__proto__"';

describe("__proto__ keys", () => {
    it("refuses a service named __proto__ instead of dropping the service", () => {
        const raw = rawStack("staging");
        raw.services = JSON.parse(
            JSON.stringify(raw.services).replace('"customer":', '"__proto__":'),
        ) as unknown;
        assert.throws(
            () => parsePlatformConfig(raw, stackContext("staging")),
            (e: unknown) =>
                e instanceof ConfigError &&
                e.message === `supply-chain-platform:services.__proto__ ${MESSAGE}`,
        );
    });

    for (const stack of ["staging", "production"]) {
        it(`${stack}: a __proto__ key put into any map is refused at exactly its path`, () => {
            const all = mapPaths(rawStack(stack)).filter((p) => p.length > 0);
            fc.assert(
                fc.property(fc.nat(), fc.jsonValue(), (at, value) => {
                    const raw = rawStack(stack);
                    const path = all[at % all.length];
                    Object.defineProperty(follow(raw, path), "__proto__", {
                        value,
                        enumerable: true,
                        writable: true,
                        configurable: true,
                    });
                    try {
                        parsePlatformConfig(raw, stackContext(stack));
                    } catch (e) {
                        assert.ok(e instanceof ConfigError, String(e));
                        const expected = `supply-chain-platform:${pathText(path)}.__proto__ ${MESSAGE}`;
                        assert.ok(e.message.split("\n").includes(expected), e.message);
                        return;
                    }
                    assert.fail(`accepted __proto__ under ${pathText(path)}`);
                }),
                { numRuns: 200 },
            );
        });
    }
});
