/**
 * Argo Rollouts' pause durations (int-or-string, `RolloutPause.DurationSeconds`) and analysis
 * intervals (`time.ParseDuration`): named cases and generated values against a reference model.
 */
import * as assert from "assert";
import fc from "fast-check";

import {
    analysisIntervalIssue,
    pauseDurationIssue,
    pauseSeconds,
    PAUSE_RULE,
} from "../../../lib/argo-rollouts/duration";

describe("pauseSeconds (RolloutPause.DurationSeconds)", () => {
    const cases: [string | number, number | undefined][] = [
        [30, 30],
        ["30", 30],
        ["+30", 30],
        ["-5", -5],
        ["30s", 30],
        ["5m", 300],
        ["1h30m", 5400],
        ["1.5s", 1],
        ["1.9s", 1],
        ["500ms", 0],
        ["-1500ms", -1],
        ["2147483647", 2_147_483_647],
        ["2147483648", undefined], // out of int32 and no unit: ParseDuration fails too
        ["2147483648s", undefined],
        [2_147_483_648, undefined],
        [1.5, undefined],
        ["1d", undefined],
        ["", undefined],
        ["30 s", undefined],
    ];
    for (const [value, want] of cases) {
        it(`reads ${JSON.stringify(value)} as ${want} seconds`, () => {
            assert.strictEqual(pauseSeconds(value), want);
        });
    }

    it("reads generated integer strings and h/m/s durations as their whole seconds", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 0, max: 500 }),
                fc.integer({ min: 0, max: 500 }),
                fc.integer({ min: 0, max: 5000 }),
                fc.integer({ min: 0, max: 999 }),
                (h, m, s, ms) => {
                    const seconds = h * 3600 + m * 60 + s;
                    assert.strictEqual(pauseSeconds(`${seconds}`), seconds);
                    assert.strictEqual(
                        pauseSeconds(`${h}h${m}m${s}.${`${ms}`.padStart(3, "0")}s`),
                        seconds,
                    );
                    assert.strictEqual(pauseSeconds(`${seconds * 1000 + ms}ms`), seconds);
                },
            ),
        );
    });
});

describe("pauseDurationIssue and analysisIntervalIssue", () => {
    it("names what a pause takes", () => {
        assert.deepStrictEqual(
            [
                pauseDurationIssue("5m"),
                pauseDurationIssue(300),
                pauseDurationIssue("1d"),
                pauseDurationIssue("-5"),
                pauseDurationIssue("500ms"),
            ],
            [
                undefined,
                undefined,
                `must be ${PAUSE_RULE}`,
                `must not be negative (Argo Rollouts refuses the Rollout: "Duration needs to be greater than 0"); use ${PAUSE_RULE}`,
                "must be at least 1s: Argo Rollouts counts whole seconds, so this pause would not wait at all (omit duration to pause until promoted)",
            ],
        );
    });

    it("takes any Go duration of at least a second as an interval", () => {
        assert.deepStrictEqual(["1m", "1m30s", "1.5s", "90s"].map(analysisIntervalIssue), [
            undefined,
            undefined,
            undefined,
            undefined,
        ]);
        assert.strictEqual(
            analysisIntervalIssue("1 minute"),
            "must be a duration Argo Rollouts reads (Go time.ParseDuration: numbers with units h, m, s, ms, us (or µs), ns, like 30s, 1m or 1m30s; Go reports: unknown unit in duration)",
        );
        assert.strictEqual(
            analysisIntervalIssue("500ms"),
            "must be at least 1s: the analysis measures again every interval, and a shorter one (zero or negative included, which Argo Rollouts accepts) queries Prometheus on every reconcile while the PodMonitor scrapes only every 30s",
        );
    });
});
