/**
 * Guard: every pod spec the program creates itself (services, model servers, Rollouts) is one the API
 * server admits, for the rules the policy pack does not check (tests/helpers/pod-validation.ts). The
 * charts' workloads are checked the same way in tests/components/addons/workloads.spec.ts.
 */
import * as assert from "assert";

import { parseKubernetesType, podTemplate } from "../../lib/kubernetes";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { podSpecRejections } from "../helpers/pod-validation";

for (const stack of ["staging", "production"] as const) {
    describe(`stack ${stack}: pod specs`, function () {
        this.timeout(120_000);

        it("are valid for the API server in every pod-bearing object", async () => {
            const { recorder } = await evaluatedStack(stack);
            const pods = recorder.resources.flatMap((r) => {
                const type = parseKubernetesType(r.type);
                const pod = type ? podTemplate(type.kind, r.inputs) : undefined;
                return pod ? [{ name: `${type!.kind} ${r.name}`, spec: pod.spec }] : [];
            });
            assert.ok(
                pods.length >= 6,
                `${pods.length} pod-bearing objects, one per service at least`,
            );
            assert.deepStrictEqual(
                pods.flatMap((p) => podSpecRejections(p.spec).map((r) => `${p.name} ${r}`)),
                [],
            );
        });
    });
}
