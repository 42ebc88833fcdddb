import * as assert from "assert";
import fc from "fast-check";

import {
    compareQuantity,
    exactQuantity,
    isWholeMultiple,
    parseQuantity,
} from "../../../lib/kubernetes";

const SUFFIXES = [
    "",
    "n",
    "u",
    "m",
    "k",
    "M",
    "G",
    "T",
    "P",
    "E",
    "Ki",
    "Mi",
    "Gi",
    "Ti",
    "Pi",
    "Ei",
];
const number = fc
    .tuple(fc.constantFrom("", "+", "-"), fc.nat({ max: 99999 }), fc.option(fc.nat({ max: 999 })))
    .map(([sign, int, frac]) => `${sign}${int}${frac === null ? "" : `.${frac}`}`);

describe("lib/kubernetes exactQuantity", () => {
    it("reads the same value as parseQuantity for every suffix and exponent", () => {
        fc.assert(
            fc.property(
                number,
                fc.oneof(
                    fc.constantFrom(...SUFFIXES),
                    fc.integer({ min: -12, max: 12 }).map((e) => `e${e}`),
                ),
                (n, suffix) => {
                    const q = exactQuantity(`${n}${suffix}`)!;
                    const approx = parseQuantity(`${n}${suffix}`)!;
                    const exact = Number(q.num) / Number(q.den);
                    assert.ok(
                        Math.abs(exact - approx) <= Math.abs(approx) * 1e-12,
                        `${n}${suffix}`,
                    );
                },
            ),
        );
    });

    it("decides whole bytes exactly: k x 1Mi is whole, m-suffixed values only at multiples of 1000", () => {
        fc.assert(
            fc.property(fc.nat({ max: 10 ** 6 }), (k) => {
                assert.ok(isWholeMultiple(exactQuantity(`${k}Mi`)!));
                assert.strictEqual(isWholeMultiple(exactQuantity(`${k}m`)!), k % 1000 === 0);
                assert.strictEqual(isWholeMultiple(exactQuantity(`0.${k}`)!), k === 0);
            }),
        );
    });

    it("refuses what Kubernetes' grammar refuses", () => {
        for (const text of [
            "",
            " 1Gi",
            "1Gi ",
            "1 Gi",
            "1GB",
            "1gi",
            "Mi",
            ".",
            "1e",
            "--1",
            "1.2.3",
            "0x10",
            "1K",
            "١",
        ]) {
            assert.strictEqual(exactQuantity(text), undefined, JSON.stringify(text));
        }
        assert.strictEqual(exactQuantity("1".repeat(65)), undefined);
        assert.deepStrictEqual(exactQuantity("1.5Gi"), { num: 15n * 2n ** 30n, den: 10n });
        assert.deepStrictEqual(exactQuantity("256m"), { num: 256n, den: 1000n });
        assert.deepStrictEqual(exactQuantity("1E"), { num: 10n ** 18n, den: 1n });
        assert.strictEqual(compareQuantity(exactQuantity("1024Ki")!, 2n ** 20n), 0);
    });
});
