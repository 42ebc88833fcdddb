/**
 * The offline preview records the URNs the engine treats as each resource's earlier identities, so
 * the URN baseline (tests/stacks/urn-baseline.spec.ts) can tell a moved resource from a deleted one.
 */
import * as assert from "assert";
import * as path from "path";

import { aliasUrns } from "../../../tools/offline/alias-urns";
import { evaluateProgram } from "../../../tools/offline/evaluate";
import { driftFrom } from "../../helpers/baseline";
import { ROOT } from "../../helpers/config";

const P = "urn:pulumi:test::supply-chain-platform::";

describe("alias URNs", () => {
    it("records own aliases, inherited ones (parent name prefix renamed) and a move to the root", async () => {
        const program = path.join(ROOT, "tests", "fixtures", "programs", "aliases.js");
        const { recorder } = await evaluateProgram(
            { project: "supply-chain-platform", stack: "test", config: {}, secretKeys: [] },
            program,
        );
        const aliases = new Map(recorder.resources.map((r) => [r.urn, r.aliases]));
        assert.deepStrictEqual(Object.fromEntries(aliases), {
            [`${P}test:index:Group::app`]: [`${P}test:index:Group::old-app`],
            [`${P}test:index:Group$test:index:Part::app-part`]: [
                `${P}test:index:Group$test:index:Part::old-app-part`,
            ],
            // Its inherited alias (under old-app, name unchanged) is its own URN: not an alias.
            [`${P}test:index:Group$test:index:Moved::moved`]: [`${P}test:index:Moved::moved`],
        });
        // A baseline of the old URNs is kept through the aliases; an unaliased URN would be deleted.
        const baseline = Object.fromEntries(
            recorder.resources.map((r) => [r.aliases[0], "digest"]),
        );
        assert.deepStrictEqual(
            driftFrom({ ...baseline, [`${P}test:index:Gone::x`]: "d" }, recorder.resources).deleted,
            [`${P}test:index:Gone::x`],
        );
    });

    it("multiplies an alias under the own parent by the parent's aliases", () => {
        const parent = { urn: `${P}t:a:B::b`, name: "b", aliases: [`${P}t:a:Old::ob`] };
        assert.deepStrictEqual(
            aliasUrns({ urn: `${P}t:a:B$t:a:C::b-c`, type: "t:a:C", name: "b-c", parent }, [
                { name: "b-d" },
            ]),
            [`${P}t:a:B$t:a:C::b-d`, `${P}t:a:Old$t:a:C::b-d`, `${P}t:a:Old$t:a:C::ob-c`],
        );
    });
});
