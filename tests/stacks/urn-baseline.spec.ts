/**
 * Refactors never replace a live resource: both committed stacks keep every URN of the baseline (or
 * alias it) with the same inputs (for Kubernetes objects, the same rendered manifest). A change that
 * means to change what a stack creates updates the baseline in the same commit
 * (`UPDATE_BASELINE=1 npm run test:unit -- --grep "URN baseline"`), so the fixture's diff shows it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { Baseline, baselineOf, driftFrom } from "../helpers/baseline";
import { ROOT } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";

const fixture = (stack: string) =>
    path.join(ROOT, "tests", "fixtures", "baseline", `${stack}.json`);

describe("URN baseline", () => {
    for (const stack of ["staging", "production"]) {
        it(`${stack}: every baseline resource is kept (same URN or aliased) with the same inputs`, async () => {
            const { recorder } = await evaluatedStack(stack);
            if (process.env.UPDATE_BASELINE === "1") {
                const text = `${JSON.stringify(baselineOf(recorder.resources), null, 2)}\n`;
                fs.writeFileSync(fixture(stack), text);
            }
            const baseline = JSON.parse(fs.readFileSync(fixture(stack), "utf8")) as Baseline;
            const drift = driftFrom(baseline, recorder.resources);
            assert.deepStrictEqual(
                { deleted: drift.deleted, changed: drift.changed },
                { deleted: [], changed: [] },
            );
        });
    }
});
