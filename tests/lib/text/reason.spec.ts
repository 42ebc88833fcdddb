/**
 * A reason is words a reviewer can read: generated reasons of spaces and invisible characters are none;
 * invisible characters sprinkled into a real reason do not spoil it.
 */
import * as assert from "assert";
import fc from "fast-check";

import { reasonProblem, visibleLength } from "../../../lib/text/reason";

/** Characters that draw nothing: spaces, controls, format characters, fillers, blanks. */
const INVISIBLE = [
    " ",
    "\t",
    "\n",
    "\u00a0",
    "\u2003",
    "\u3000",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "\u00ad",
    "\u034f",
    "\u115f",
    "\u1160",
    "\u3164",
    "\uffa0",
    "\u2800",
    "\u180e",
    "\ufe0f",
    "\u0000",
    "\u001b",
    "\u202e",
    "\u{e0041}",
];
const REAL = "passes the worker role to AWS Batch jobs it submits";

describe("reasons for exceptions", () => {
    it("refuses every generated reason made only of spaces and invisible characters", () => {
        fc.assert(
            fc.property(
                fc.array(fc.constantFrom(...INVISIBLE), { minLength: 0, maxLength: 200 }),
                (cs) => {
                    const text = cs.join("");
                    assert.strictEqual(visibleLength(text), 0);
                    assert.ok(reasonProblem(text));
                },
            ),
            { numRuns: 300, seed: 17 },
        );
    });

    it("refuses one word repeated, or too few visible characters, whatever pads it", () => {
        assert.strictEqual(
            reasonProblem("needed\u200b".repeat(10)),
            "must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 60 visible characters and 1 different words",
        );
        assert.ok(reasonProblem(`ok${" ".repeat(40)}ok`));
        assert.ok(reasonProblem("a b c d e f g h i j k l m n o p q r s t u"));
    });

    it("accepts a real reason with invisible characters anywhere in it, in any script", () => {
        fc.assert(
            fc.property(
                fc.array(fc.tuple(fc.nat(REAL.length), fc.constantFrom(...INVISIBLE)), {
                    maxLength: 10,
                }),
                (inserts) => {
                    let text = REAL;
                    for (const [at, c] of inserts) {
                        text = text.slice(0, at) + c + text.slice(at);
                    }
                    assert.strictEqual(reasonProblem(text), undefined, JSON.stringify(text));
                },
            ),
            { numRuns: 200, seed: 19 },
        );
        assert.strictEqual(
            reasonProblem("ワーカーロールを バッチ処理 ジョブに渡すため必要です"),
            undefined,
        );
        assert.strictEqual(
            reasonProblem("Übergibt die Rolle an Stapelverarbeitungsaufträge"),
            undefined,
        );
    });
});
