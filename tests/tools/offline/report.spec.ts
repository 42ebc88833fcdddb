/**
 * The closing block's cost line reads the preview document's `cost` section (tools/offline/report.ts).
 */
import * as assert from "assert";

import { costOf } from "../../../tools/offline/report";

describe("costOf", () => {
    it("reads the totals and lines of a cost section", () => {
        assert.deepStrictEqual(
            costOf({
                cost: {
                    date: "2026-11-01",
                    region: "us-west-2",
                    lines: [
                        { item: "control plane", detail: "standard", monthlyUsd: 73, atMaxUsd: 73 },
                    ],
                    totals: { monthlyUsd: 73, atMaxUsd: 73 },
                    unpriced: [],
                },
            }),
            {
                monthlyUsd: 73,
                atMaxUsd: 73,
                date: "2026-11-01",
                region: "us-west-2",
                lines: [{ item: "control plane", detail: "standard", monthlyUsd: 73 }],
            },
        );
    });

    it("finds none in a document without one (an older baseline)", () => {
        assert.deepStrictEqual(
            [costOf({ stack: "staging" }), costOf({ cost: { totals: {} } }), costOf(null)],
            [undefined, undefined, undefined],
        );
    });
});
