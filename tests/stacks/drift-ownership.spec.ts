/**
 * Guard for a quiet nightly drift check: in both stacks every field another controller owns by design
 * (components/internal/drift-ownership.ts) is ignored or not set. Generic over what the program creates: every
 * VirtualService, DestinationRule and Service a Rollout names, every HPA target, every managed node
 * group. istiod's webhook fields live in chart children (opaque under mocks):
 * tests/components/addons/istio/istio-webhooks.spec.ts.
 */
import * as assert from "assert";

import { ownershipChecks } from "../../components/internal/drift-ownership";
import { evaluatedStack } from "../helpers/stack-evaluation";

for (const stack of ["staging", "production"] as const) {
    describe(`stack ${stack}: fields other controllers own`, function () {
        this.timeout(120_000);

        it("are all ignored or not set, and the check covers the Rollout's routing and every HPA", async () => {
            const { recorder } = await evaluatedStack(stack);
            const checks = ownershipChecks(recorder.resources);
            assert.deepStrictEqual(
                checks.filter((c) => c.problem !== ""),
                [],
            );
            const covered = (prefix: string, f: string) =>
                checks.filter((c) => c.resource.startsWith(prefix) && c.field.startsWith(f)).length;
            // inventory runs as a canary Rollout in both stacks: its VirtualService's weighted routes
            // and its DestinationRule are checked, whatever other VirtualServices it names.
            assert.ok(covered("VirtualService supply-chain/inventory", "spec.http[") >= 2);
            assert.strictEqual(
                covered("DestinationRule supply-chain/inventory", "spec.subsets"),
                1,
            );
            // Karpenter's controller group is the only managed group in both stacks (docs/nodes.md)
            assert.strictEqual(covered("ManagedNodeGroup", "scalingConfig.desiredSize"), 1);
            const hpas = recorder.resources.filter((r) =>
                r.type.endsWith(":HorizontalPodAutoscaler"),
            ).length;
            assert.strictEqual(covered("", "spec.replicas"), hpas);
        });
    });
}
