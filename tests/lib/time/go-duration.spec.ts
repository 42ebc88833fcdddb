/**
 * Go's time.ParseDuration, ported: named cases from Go's own table (go/src/time/time_test.go
 * `parseDurationTests`, Go 1.23) and generated durations checked against a reference model (the
 * grammar as a regular expression, the value as exact rational arithmetic).
 */
import * as assert from "assert";
import fc from "fast-check";

import { parseGoDuration } from "../../../lib/time/go-duration";

const NS: ReadonlyMap<string, bigint> = new Map([
    ["ns", 1n],
    ["us", 1_000n],
    ["µs", 1_000n],
    ["μs", 1_000n],
    ["ms", 1_000_000n],
    ["s", 1_000_000_000n],
    ["m", 60_000_000_000n],
    ["h", 3_600_000_000_000n],
]);

function ns(text: string): bigint | string {
    const d = parseGoDuration(text);
    return d.ok ? d.nanoseconds : d.error;
}

describe("parseGoDuration (Go time.ParseDuration)", () => {
    const valid: [string, bigint][] = [
        ["0", 0n],
        ["5s", 5_000_000_000n],
        ["30s", 30_000_000_000n],
        ["1478s", 1_478_000_000_000n],
        ["-5s", -5_000_000_000n],
        ["+5s", 5_000_000_000n],
        ["-0", 0n],
        ["+0", 0n],
        ["5.0s", 5_000_000_000n],
        ["5.6s", 5_600_000_000n],
        ["5.s", 5_000_000_000n],
        [".5s", 500_000_000n],
        ["1.0s", 1_000_000_000n],
        ["1.00s", 1_000_000_000n],
        ["1.004s", 1_004_000_000n],
        ["100.00100s", 100_001_000_000n],
        ["10ns", 10n],
        ["11us", 11_000n],
        ["12µs", 12_000n],
        ["12μs", 12_000n],
        ["13ms", 13_000_000n],
        ["14s", 14_000_000_000n],
        ["15m", 900_000_000_000n],
        ["16h", 57_600_000_000_000n],
        ["3h30m", 12_600_000_000_000n],
        ["10.5s4m", 250_500_000_000n],
        ["-2m3.4s", -123_400_000_000n],
        ["1h2m3s4ms5us6ns", 3_723_004_005_006n],
        ["39h9m14.425s", 140_954_425_000_000n],
        ["52763797000ns", 52_763_797_000n],
        ["0.3333333333333333333h", 1_200_000_000_000n],
        ["9007199254740993ns", 9_007_199_254_740_993n],
        ["9223372036854775807ns", 9_223_372_036_854_775_807n],
        ["9223372036854775.807us", 9_223_372_036_854_775_807n],
        ["-9223372036854775808ns", -9_223_372_036_854_775_808n],
        ["0.100000000000000000000h", 360_000_000_000n],
        ["0.830103483285477580700h", 2_988_372_539_827n],
    ];
    for (const [text, want] of valid) {
        it(`reads ${JSON.stringify(text)} as ${want} ns`, () => {
            assert.strictEqual(ns(text), want);
        });
    }
    const invalid: [string, string][] = [
        ["", "invalid duration"],
        ["3", "missing unit in duration"],
        ["-", "invalid duration"],
        ["s", "invalid duration"],
        [".", "invalid duration"],
        ["-.", "invalid duration"],
        [".s", "invalid duration"],
        ["+.s", "invalid duration"],
        ["1d", "unknown unit in duration"],
        ["1 s", "unknown unit in duration"],
        ["1S", "unknown unit in duration"],
        ["\u0000", "invalid duration"],
        ["9223372036854775808ns", "invalid duration"],
        ["9223372036854775.808us", "invalid duration"],
        ["3000000h", "invalid duration"],
        ["9223372036854ms775us808ns", "invalid duration"],
    ];
    for (const [text, error] of invalid) {
        it(`refuses ${JSON.stringify(text)} (${error})`, () => {
            assert.strictEqual(ns(text), error);
        });
    }

    /** A generated `<int>[.<frac>]<unit>` part, with its exact value in ns when the fraction is short. */
    const part = fc
        .tuple(
            fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: undefined }),
            fc.option(fc.stringMatching(/^[0-9]{0,3}$/), { nil: undefined }),
            fc.constantFrom(...NS.keys()),
        )
        .filter(([i, f]) => i !== undefined || (f !== undefined && f.length > 0))
        .map(([i, f, unit]) => {
            const text = `${i ?? ""}${f === undefined ? "" : `.${f}`}${unit}`;
            const u = NS.get(unit) ?? 0n;
            const frac =
                f === undefined || f === "" ? 0n : (BigInt(f) * u) / 10n ** BigInt(f.length);
            return { text, value: BigInt(i ?? 0) * u + frac };
        });

    it("reads every generated well-formed duration as the exact sum of its parts", () => {
        fc.assert(
            fc.property(
                fc.constantFrom("", "+", "-"),
                fc.array(part, { minLength: 1, maxLength: 6 }),
                (sign, parts) => {
                    const sum = parts.reduce((s, p) => s + p.value, 0n);
                    const text = sign + parts.map((p) => p.text).join("");
                    assert.strictEqual(ns(text), sign === "-" ? -sum : sum);
                },
            ),
        );
    });

    /** The grammar Go accepts: `[-+]?(0|(<number><unit>)+)`. */
    const GRAMMAR = /^[-+]?(?:0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/;

    it("accepts a generated string exactly when it follows Go's grammar", () => {
        fc.assert(
            fc.property(
                fc.array(
                    fc.constantFrom(
                        "0",
                        "1",
                        "9",
                        ".",
                        "-",
                        "+",
                        "s",
                        "m",
                        "h",
                        "n",
                        "u",
                        "µ",
                        "d",
                        " ",
                    ),
                    { maxLength: 12 },
                ),
                (chars) => {
                    const text = chars.join("");
                    assert.strictEqual(parseGoDuration(text).ok, GRAMMAR.test(text), text);
                },
            ),
            { numRuns: 3000 },
        );
    });

    it("reads a megabyte of digits in linear time", () => {
        const start = Date.now();
        assert.strictEqual(ns(`${"1".repeat(1_000_000)}s`), "invalid duration");
        assert.strictEqual(ns(`.${"1".repeat(1_000_000)}s`), 111_111_111n);
        assert.ok(Date.now() - start < 1000);
    });
});
