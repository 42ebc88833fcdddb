/**
 * IAM wildcard patterns as sets: the intersection test agrees with brute force over every string short
 * enough to witness an intersection, for generated patterns.
 */
import * as assert from "assert";
import fc from "fast-check";

import { patternsIntersect, patternWithin } from "../../../lib/aws/iam-patterns";

/** The pattern as a regular expression, the plain reading of `*` and `?`. */
function matcher(pattern: string, ignoreCase = false): RegExp {
    const source = [...pattern]
        .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\/-]/g, "\\$&")))
        .join("");
    return new RegExp(`^${source}$`, ignoreCase ? "si" : "s");
}

/** Every string over `alphabet` up to `max` characters. */
function* strings(alphabet: string, max: number): Generator<string> {
    let level = [""];
    for (let n = 0; n <= max; n++) {
        yield* level;
        level = level.flatMap((s) => [...alphabet].map((c) => s + c));
    }
}

const pattern = fc
    .array(fc.constantFrom("a", "b", ":", "*", "?"), { maxLength: 5 })
    .map((cs) => cs.join(""));

describe("IAM wildcard patterns", () => {
    it("intersect exactly when some string matches both (generated patterns, brute force)", () => {
        fc.assert(
            fc.property(pattern, pattern, (a, b) => {
                const ra = matcher(a);
                const rb = matcher(b);
                // A shortest common string is no longer than both patterns together.
                let expected = false;
                for (const s of strings("ab:", a.length + b.length)) {
                    if (ra.test(s) && rb.test(s)) {
                        expected = true;
                        break;
                    }
                }
                assert.strictEqual(patternsIntersect(a, b), expected, `${a} vs ${b}`);
                assert.strictEqual(patternsIntersect(b, a), expected, "symmetric");
            }),
            { numRuns: 400, seed: 31 },
        );
    });

    it("compare letters without case only when asked (action names)", () => {
        assert.strictEqual(patternsIntersect("IAM:passrole", "iam:PassRole"), false);
        assert.strictEqual(
            patternsIntersect("IAM:passrole", "iam:PassRole", { ignoreCase: true }),
            true,
        );
        assert.strictEqual(
            patternsIntersect("iam:?ass*", "iam:PassRole", { ignoreCase: true }),
            true,
        );
        assert.strictEqual(patternsIntersect("iam:Get*", "iam:Put*", { ignoreCase: true }), false);
        assert.strictEqual(patternsIntersect("*Role", "iam:Pass*", { ignoreCase: true }), true);
    });

    it("take linear-by-linear time on long hostile patterns", () => {
        const a = "*a".repeat(500);
        const b = "a*".repeat(500) + "b";
        assert.strictEqual(patternsIntersect(a, b), false);
    });

    it("say a pattern stays under a prefix only when every string it matches starts with it", () => {
        fc.assert(
            fc.property(
                pattern,
                fc.string({ unit: fc.constantFrom("a", "b", ":"), maxLength: 3 }),
                (p, prefix) => {
                    if (patternWithin(p, prefix)) {
                        const re = matcher(p);
                        for (const s of strings("ab:", p.length + 2)) {
                            assert.ok(
                                !re.test(s) || s.startsWith(prefix),
                                `${s} of ${p} outside ${prefix}`,
                            );
                        }
                    }
                },
            ),
            { numRuns: 300, seed: 7 },
        );
        assert.strictEqual(patternWithin("secret:team/order/*", "secret:team/order/"), true);
        assert.strictEqual(patternWithin("secret:team/order*", "secret:team/order/"), false);
        assert.strictEqual(patternWithin("secret:team/*/x", "secret:team/order/"), false);
    });
});
