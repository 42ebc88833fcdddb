/**
 * VirtualService durations as Istio takes them: Go syntax, at least 1ms, whole milliseconds; named
 * cases and generated durations checked against a reference model of the rule.
 */
import * as assert from "assert";
import fc from "fast-check";

import { istioDurationIssue, istioDurationMs } from "../../../lib/istio/duration";

const TOO_SHORT =
    "must be at least 1ms (Istio refuses shorter durations, and Envoy would read a zero timeout as no timeout), like 500ms, 1.5s or 1h30m";
const SUB_MS =
    "must be whole milliseconds (Istio supports durations to ms precision only), like 1500ms or 1.5s";

describe("istioDurationMs and istioDurationIssue", () => {
    const accepted: [string, number][] = [
        ["1ms", 1],
        ["500ms", 500],
        ["1.5s", 1500],
        ["0.001s", 1],
        ["1h30m", 5_400_000],
        ["1m0.5s", 60_500],
        ["1000us", 1],
        ["2000000ns", 2],
        ["+10s", 10_000],
    ];
    for (const [text, ms] of accepted) {
        it(`accepts ${text} as ${ms} ms`, () => {
            assert.deepStrictEqual(
                [istioDurationMs(text), istioDurationIssue(text)],
                [ms, undefined],
            );
        });
    }
    const refused: [string, string][] = [
        ["0s", TOO_SHORT],
        ["0", TOO_SHORT],
        ["-1s", TOO_SHORT],
        ["999us", TOO_SHORT],
        ["1.5ms", SUB_MS],
        ["1001us", SUB_MS],
        [
            "10",
            "must be a duration of at least 1ms in whole milliseconds, written as Go durations are (numbers with units h, m, s, ms, us (or µs), ns, like 500ms, 1.5s or 1h30m) (Go reports: missing unit in duration)",
        ],
        [
            "1d",
            "must be a duration of at least 1ms in whole milliseconds, written as Go durations are (numbers with units h, m, s, ms, us (or µs), ns, like 500ms, 1.5s or 1h30m) (Go reports: unknown unit in duration)",
        ],
    ];
    for (const [text, message] of refused) {
        it(`refuses ${text}`, () => {
            assert.deepStrictEqual(
                [istioDurationMs(text), istioDurationIssue(text)],
                [undefined, message],
            );
        });
    }

    it("accepts a generated duration exactly when it is at least 1ms in whole milliseconds", () => {
        const UNIT_NS: readonly [string, bigint][] = [
            ["h", 3_600_000_000_000n],
            ["m", 60_000_000_000n],
            ["s", 1_000_000_000n],
            ["ms", 1_000_000n],
            ["us", 1_000n],
            ["ns", 1n],
        ];
        fc.assert(
            fc.property(
                fc.boolean(),
                fc.array(fc.tuple(fc.integer({ min: 0, max: 5000 }), fc.constantFrom(...UNIT_NS)), {
                    minLength: 1,
                    maxLength: 4,
                }),
                (negative, parts) => {
                    const text =
                        (negative ? "-" : "") + parts.map(([n, [u]]) => `${n}${u}`).join("");
                    const total = parts.reduce((s, [n, [, u]]) => s + BigInt(n) * u, 0n);
                    const model =
                        !negative || total === 0n
                            ? total >= 1_000_000n && total % 1_000_000n === 0n
                                ? Number(total / 1_000_000n)
                                : undefined
                            : undefined;
                    assert.strictEqual(istioDurationMs(text), model, text);
                    assert.strictEqual(istioDurationIssue(text) === undefined, model !== undefined);
                },
            ),
        );
    });
});
