/**
 * The mesh's trust domain is one value: istiod signs workload certificates in `meshConfig.trustDomain`,
 * and every AuthorizationPolicy principal (`<trustDomain>/ns/<namespace>/sa/<account>`) names the same
 * domain. A principal in another domain matches no peer and denies every call.
 */
import * as assert from "assert";

import { PROJECT } from "../../config";
import { Evaluation, evaluateProgram } from "../../tools/offline/evaluate";
import { stackConfig } from "../helpers/config";
import { evaluatedStack } from "../helpers/stack-evaluation";

const AUTHZ = "kubernetes:security.istio.io/v1:AuthorizationPolicy";

/** istiod's meshConfig.trustDomain and the distinct trust domains of every AuthorizationPolicy principal. */
function trustDomains(e: Evaluation): { istiod: unknown; principals: string[] } {
    const istiod = e.recorder.resources.find((r) => r.name === "platform-addons-istiod");
    assert.ok(istiod, "the stack installs istiod");
    const values = istiod.inputs.values as { meshConfig?: { trustDomain?: unknown } };
    const principals = e.recorder.resources
        .filter((r) => r.type === AUTHZ)
        .flatMap((r) => {
            const spec = r.inputs.spec as {
                rules?: { from?: { source?: { principals?: string[] } }[] }[];
            };
            return (spec.rules ?? []).flatMap((rule) =>
                (rule.from ?? []).flatMap((f) => f.source?.principals ?? []),
            );
        });
    assert.ok(principals.length > 0, "the stack's AuthorizationPolicies name principals");
    return {
        istiod: values.meshConfig?.trustDomain,
        principals: [...new Set(principals.map((p) => p.split("/ns/")[0]))],
    };
}

describe("stacks: the mesh trust domain", function () {
    this.timeout(120_000);

    for (const stack of ["staging", "production"]) {
        it(`${stack}: AuthorizationPolicy principals name istiod's meshConfig.trustDomain`, async () => {
            const { istiod, principals } = trustDomains(await evaluatedStack(stack));
            assert.deepStrictEqual(principals, ["cluster.local"]);
            assert.strictEqual(istiod, "cluster.local");
        });
    }

    it("a custom mesh.trustDomain reaches istiod and the principals alike", async () => {
        const stack = stackConfig("staging");
        const key = `${PROJECT}:mesh`;
        const mesh = { ...JSON.parse(stack.config[key]), trustDomain: "staging.example.com" };
        const config = { ...stack.config, [key]: JSON.stringify(mesh) };
        const { istiod, principals } = trustDomains(await evaluateProgram({ ...stack, config }));
        assert.deepStrictEqual(principals, ["staging.example.com"]);
        assert.strictEqual(istiod, "staging.example.com");
    });
});
