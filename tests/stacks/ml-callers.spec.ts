/**
 * Who may call the model server: nobody but the admin account, in both stacks. The seed names no
 * caller of ml-prediction (its service map lists no dependency on it; ml-prediction calls inventory),
 * so the stack files say `callers: []` on purpose; a consumer is added there when one exists.
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { stringAt } from "../../lib/kubernetes";
import { rawStack, stackContext } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";

const AUTHZ = "kubernetes:security.istio.io/v1:AuthorizationPolicy";

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: callers of ml-prediction`, function () {
        this.timeout(300_000);
        it("admits only the admin account to the model server (no caller declared)", async () => {
            const config = parsePlatformConfig(rawStack(stack), stackContext(stack));
            assert.deepStrictEqual(config.mlWorkloads["ml-prediction"].callers, []);
            const { recorder } = await evaluatedStack(stack);
            const [policy] = recorder
                .ofType(AUTHZ)
                .filter((p) => stringAt(p.inputs, "metadata", "name") === "ml-prediction");
            const rules = (policy.inputs.spec as { rules: unknown[] }).rules;
            assert.deepStrictEqual(rules, [
                {
                    from: [
                        {
                            source: {
                                principals: ["cluster.local/ns/supply-chain/sa/admin-sa"],
                            },
                        },
                    ],
                },
            ]);
        });
    });
}
