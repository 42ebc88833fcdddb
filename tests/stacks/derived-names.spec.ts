/**
 * The derived-name table and the components agree: for each committed stack, every row's names are
 * exactly the names the program records on that row's resource type and field (Kubernetes rows: in
 * the app namespace). A component that derives a name another way than the table (and so escapes the
 * config rule that checks the table) fails here.
 */
import * as assert from "assert";

import { DERIVED_NAMES } from "../../components/internal/derived-names";
import { parsePlatformConfig } from "../../config";
import { field } from "../../lib/kubernetes";
import { nameSources } from "../../schemas/derived-names";
import { rawStack, stackContext } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: derived names`, function () {
        this.timeout(300_000);
        const config = parsePlatformConfig(rawStack(stack), stackContext(stack));
        const sources = nameSources(config);

        for (const rule of DERIVED_NAMES) {
            it(`records exactly the table's ${rule.object} names`, async () => {
                const { recorder } = await evaluatedStack(stack);
                const recorded = recorder
                    .ofType(rule.type)
                    .filter(
                        (r) =>
                            !rule.type.startsWith("kubernetes:") ||
                            field(r.inputs, "metadata", "namespace") === config.namespace,
                    )
                    .map((r) => field(r.inputs, ...rule.field))
                    .sort();
                const derived = rule
                    .derive(sources)
                    .map((d) => d.name)
                    .sort();
                assert.ok(derived.length > 0, "the stack derives at least one such name");
                assert.deepStrictEqual(recorded, derived);
            });
        }
    });
}
