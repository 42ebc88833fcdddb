/**
 * Stack tests for the add-ons (issue: the first `pulumi up` succeeds): the real program under mocks
 * with each committed stack file. Not proven here: what the charts render (see
 * tests/components/addons/workloads.spec.ts for the pack over every chart workload).
 */
import * as assert from "assert";

import { Evaluation, evaluateProgram } from "../../tools/offline/evaluate";
import { stackConfig } from "../helpers/config";

const evaluations = new Map<string, Evaluation>();

async function evaluate(stack: string): Promise<Evaluation> {
    if (!evaluations.has(stack)) {
        evaluations.set(stack, await evaluateProgram(stackConfig(stack)));
    }
    return evaluations.get(stack)!;
}

const values = (e: Evaluation, type: string, name: string) =>
    e.recorder.get(type, name).inputs.values as Record<string, any>;

for (const stack of ["staging", "production"]) {
    describe(`add-ons in stack ${stack}`, () => {
        it("install the Istio CNI node agent and turn CNI on in istiod", async () => {
            const e = await evaluate(stack);
            const cni = e.recorder.get("kubernetes:helm.sh/v4:Chart", "platform-addons-istio-cni");
            const istiod = e.recorder.get("kubernetes:helm.sh/v4:Chart", "platform-addons-istiod");
            assert.deepStrictEqual(
                [cni.inputs.chart, cni.inputs.version, cni.inputs.namespace],
                ["cni", istiod.inputs.version, "istio-cni"],
            );
            assert.deepStrictEqual(
                values(e, "kubernetes:helm.sh/v4:Chart", "platform-addons-istiod").pilot.cni,
                { enabled: true },
            );
        });

        it("create the app namespace (restricted) only after the CNI agent and istiod", async () => {
            const e = await evaluate(stack);
            const ns = e.recorder.get("kubernetes:core/v1:Namespace", "apps-ns");
            const chart = (n: string) => e.recorder.get("kubernetes:helm.sh/v4:Chart", n).urn;
            // The Namespace object itself waits: a component's dependsOn does not reach its children.
            assert.ok(ns.dependencies.includes(chart("platform-addons-istio-cni")));
            assert.ok(ns.dependencies.includes(chart("platform-addons-istiod")));
            assert.strictEqual(
                (ns.inputs.metadata as any).labels["pod-security.kubernetes.io/enforce"],
                "restricted",
            );
        });

        it("install the VPA as a Helm release so its certificate hook runs", async () => {
            const e = await evaluate(stack);
            assert.deepStrictEqual(
                e.recorder.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.name),
                ["platform-addons-vpa"],
            );
        });

        it("run the NVIDIA device plugin exactly on the GPU node groups, from their own labels and taints", async () => {
            const e = await evaluate(stack);
            const gpuGroups = e.recorder
                .ofType("eks:index:ManagedNodeGroup")
                .filter((g) => g.name === "platform-gpu");
            const plugins = e.recorder
                .ofType("kubernetes:helm.sh/v4:Chart")
                .filter((c) => c.inputs.chart === "nvidia-device-plugin");
            assert.deepStrictEqual(
                plugins.map((p) => p.name),
                gpuGroups.length > 0 ? ["platform-addons-nvidia-device-plugin-gpu"] : [],
            );
            assert.strictEqual(gpuGroups.length, stack === "production" ? 1 : 0);
            for (const [group, plugin] of gpuGroups.map((g, i) => [g, plugins[i]] as const)) {
                const v = plugin.inputs.values as Record<string, any>;
                const labels = group.inputs.labels as Record<string, string>;
                assert.deepStrictEqual(
                    v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
                        .nodeSelectorTerms[0].matchExpressions,
                    Object.entries(labels).map(([key, value]) => ({
                        key,
                        operator: "In",
                        values: [value],
                    })),
                );
                assert.deepStrictEqual(
                    v.tolerations.map((t: any) => `${t.key}=${t.value}:${t.effect}`),
                    (group.inputs.taints as any[]).map(
                        (t) =>
                            `${t.key}=${t.value}:${t.effect === "NO_SCHEDULE" ? "NoSchedule" : t.effect}`,
                    ),
                );
            }
        });

        it("carry no disruption budget that would block every drain of a single replica", async () => {
            const e = await evaluate(stack);
            const istiod = values(e, "kubernetes:helm.sh/v4:Chart", "platform-addons-istiod");
            const ms = values(e, "kubernetes:helm.sh/v4:Chart", "platform-addons-metrics-server");
            const ha = stack === "production";
            assert.deepStrictEqual(
                [
                    istiod.pilot.autoscaleEnabled,
                    istiod.global.defaultPodDisruptionBudget.enabled,
                    ms.replicas,
                    ms.podDisruptionBudget.enabled,
                ],
                ha ? [true, true, 2, true] : [false, false, 1, false],
            );
        });
    });
}
