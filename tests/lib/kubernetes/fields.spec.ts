import * as assert from "assert";

import {
    asArray,
    asNumber,
    asRecord,
    asString,
    field,
    isRecord,
    itemsAt,
    recordAt,
    stringAt,
} from "../../../lib/kubernetes";

describe("lib/kubernetes fields", () => {
    const obj: unknown = {
        metadata: { name: "web", labels: { app: "web" } },
        spec: { replicas: 0, template: null, containers: [{ name: "app" }, null], tag: "v1" },
    };

    it("reads a path as optional chaining does: undefined at the first null or undefined step", () => {
        assert.strictEqual(field(obj, "metadata", "name"), "web");
        assert.strictEqual(field(obj, "spec", "replicas"), 0);
        assert.strictEqual(field(obj, "spec", "template"), null);
        assert.strictEqual(field(obj, "spec", "template", "spec"), undefined);
        assert.strictEqual(field(obj, "spec", "missing", "deeper"), undefined);
        assert.strictEqual(field(obj, "spec", "containers", 0, "name"), "app");
        assert.strictEqual(field(obj, "spec", "containers", 1, "name"), undefined);
        assert.strictEqual(field(undefined, "a"), undefined);
        assert.strictEqual(field(obj), obj);
        // A primitive step reads its property, as `"v1"?.length` does.
        assert.strictEqual(field(obj, "spec", "tag", "length"), 2);
    });

    it("touches exactly the properties optional chaining touches (CrossGuard's unknown-value proxy sees the same reads)", () => {
        const reads: string[] = [];
        const spy = (target: object, at: string): object =>
            new Proxy(target, {
                get: (o, k) => {
                    reads.push(`${at}.${String(k)}`);
                    const v = (o as Record<string | symbol, unknown>)[k];
                    return v !== null && typeof v === "object" ? spy(v, `${at}.${String(k)}`) : v;
                },
            });
        field(spy({ spec: { template: null } }, ""), "spec", "template", "spec");
        assert.deepStrictEqual(reads, [".spec", ".spec.template"]);
    });

    it("narrows by shape, answering undefined (or no items) for any other shape", () => {
        assert.strictEqual(isRecord({}), true);
        assert.strictEqual(isRecord([]), false);
        assert.strictEqual(isRecord(null), false);
        assert.deepStrictEqual(asRecord({ a: 1 }), { a: 1 });
        assert.strictEqual(asRecord("x"), undefined);
        assert.deepStrictEqual(asArray([1]), [1]);
        assert.strictEqual(asArray({ 0: 1 }), undefined);
        assert.strictEqual(asString("x"), "x");
        assert.strictEqual(asString(1), undefined);
        assert.strictEqual(asNumber(1), 1);
        assert.strictEqual(asNumber("1"), undefined);
        assert.deepStrictEqual(recordAt(obj, "metadata", "labels"), { app: "web" });
        assert.strictEqual(recordAt(obj, "spec", "containers"), undefined);
        assert.strictEqual(stringAt(obj, "metadata", "name"), "web");
        assert.strictEqual(stringAt(obj, "spec", "replicas"), undefined);
        assert.deepStrictEqual(itemsAt(obj, "spec", "containers"), [{ name: "app" }, null]);
        assert.deepStrictEqual(itemsAt(obj, "metadata", "labels"), []);
        assert.deepStrictEqual(itemsAt(obj, "spec", "volumes"), []);
    });
});
