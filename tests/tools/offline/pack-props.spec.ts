/**
 * The in-process route deserialises each resource's properties in one pass for plain JSON data and
 * proxies them only when they hold an unknown value: the data must equal what the Analyzer server's
 * own path gives (a JSON round trip, keys sorted as after the wire, `deserializeProperties`), key
 * order included, and every value the single pass cannot copy must take the SDK's path.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parseAllDocuments } from "yaml";

import {
    analyzerProps,
    deserialiseBySdk,
    policyProps,
    sdk,
} from "../../../tools/offline/pack-props";
import { ROOT } from "../cli";

const UNKNOWN_NUMBER = "3eeb2bf0-c639-47a8-9e75-3b44932eb421"; // proxy.js unknownNumberValue
const SECRET = {
    "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
    value: "s",
};

/** Same value and same key order everywhere (deepStrictEqual ignores key order). */
function assertSame(actual: unknown, expected: unknown) {
    assert.deepStrictEqual(actual, expected);
    assert.strictEqual(JSON.stringify(actual), JSON.stringify(expected));
}

describe("in-process pack properties", () => {
    const dir = path.join(ROOT, "tests", "fixtures", "manifests");
    const manifests = fs
        .readdirSync(dir, { recursive: true, encoding: "utf8" })
        .filter((f) => f.endsWith(".yaml"))
        .flatMap((f) =>
            parseAllDocuments(fs.readFileSync(path.join(dir, f), "utf8")).map(
                (d) => d.toJS() as Record<string, unknown>,
            ),
        )
        .filter((o) => o !== null && typeof o === "object");

    it("equal the server's deserialisation for plain data, in its key order, unproxied", () => {
        assert.ok(manifests.length > 5, "fixture manifests found");
        const samples: Record<string, unknown>[] = [
            ...manifests,
            {
                z: 1,
                a: { y: [3, { d: true, b: null }], x: "s", "10": 1, "2": 2 },
                negZero: -0,
                gone: undefined,
                empty: {},
                list: [],
            },
        ];
        for (const props of samples) {
            const p = analyzerProps(props);
            assertSame(p.data, deserialiseBySdk(props));
            assert.strictEqual(p.proxied, false);
            assert.notStrictEqual(p.data, props, "a copy, never the caller's object");
            assert.strictEqual(policyProps(p), p.data);
        }
        assert.ok(Object.is(analyzerProps({ n: -0 }).data.n, 0), "-0 reads as 0, as after JSON");
    });

    it("are proxied when an unknown value sits anywhere in them", () => {
        const props = { spec: { replicas: 1, ports: [{ port: 80 }, { port: UNKNOWN_NUMBER }] } };
        const p = analyzerProps(props);
        assert.strictEqual(p.proxied, true);
        assertSame(p.data, deserialiseBySdk(props));
        const read = policyProps(p) as { spec: { ports: { port: unknown }[] } };
        assert.strictEqual(read.spec.ports[0].port, 80);
        assert.throws(
            () => read.spec.ports[1].port,
            (e: Error) =>
                e instanceof sdk.proxy.UnknownValueError &&
                e.message === "number value at .spec.ports.1.port can't be known during preview",
        );
    });

    it("take the SDK's path, proxied, for what one pass does not copy", () => {
        const values: [string, Record<string, unknown>][] = [
            ["a secret", { a: { password: SECRET } }],
            ["a date", { at: new Date(0) }],
            ["a non-finite number", { n: Number.NaN, m: [Infinity] }],
            ["undefined in a list", { l: [1, undefined] }],
            ["a function in a list", { l: [() => 1] }],
            ["a __proto__ key", JSON.parse('{"__proto__": {"x": 1}, "b": 2}')],
            ["a class instance", { m: new Map([["k", "v"]]) }],
        ];
        for (const [label, props] of values) {
            const p = analyzerProps(props);
            assert.strictEqual(p.proxied, true, label);
            assertSame(p.data, deserialiseBySdk(props));
        }
        assert.deepStrictEqual(analyzerProps({ a: { password: SECRET } }).data, {
            a: { password: "s" },
        });
    });
});
