/**
 * Stack tests for the add-ons (issue: the first `pulumi up` succeeds): the real program under mocks
 * with each committed stack file. Not proven here: what the charts render (see
 * tests/components/addons/workloads.spec.ts for the pack over every chart workload).
 */
import * as assert from "assert";

import { ADDONS_NAME } from "../helpers/addon-workloads";
import { evaluatedStack } from "../helpers/stack-evaluation";

import { Evaluation } from "../../tools/offline/evaluate";
import { RecordedResource } from "../../tools/offline/mocks";
import { objectOf } from "../helpers/views";

const evaluate = evaluatedStack;

/** A node taint as pulumi-eks takes it, and a pod toleration as the charts take it. */
interface Taint {
    readonly key: string;
    readonly value: string;
    readonly effect: string;
}

/** The keys of each chart's values these tests read (the charts' own names). */
interface IstiodValues {
    readonly pilot: { readonly cni: unknown; readonly autoscaleEnabled: boolean };
    readonly global: { readonly defaultPodDisruptionBudget: { readonly enabled: boolean } };
}
interface MetricsServerValues {
    readonly replicas: number;
    readonly podDisruptionBudget: { readonly enabled: boolean };
}
interface DevicePluginValues {
    readonly affinity: {
        readonly nodeAffinity: {
            readonly requiredDuringSchedulingIgnoredDuringExecution: {
                readonly nodeSelectorTerms: readonly {
                    readonly matchExpressions: readonly { readonly key: string }[];
                }[];
            };
        };
    };
    readonly tolerations: readonly Taint[];
}

/** The values of a recorded chart, viewed as `T`: a key they lack fails the test that reads it. */
const chartValues = <T>(chart: RecordedResource): T => chart.inputs.values as T;
const values = <T>(e: Evaluation, name: string): T =>
    chartValues<T>(e.recorder.get("kubernetes:helm.sh/v4:Chart", name));

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
            assert.deepStrictEqual(values<IstiodValues>(e, "platform-addons-istiod").pilot.cni, {
                enabled: true,
            });
        });

        it("create the app namespace (restricted) only after the CNI agent and istiod", async () => {
            const e = await evaluate(stack);
            const ns = e.recorder.get("kubernetes:core/v1:Namespace", "apps-ns");
            const chart = (n: string) => e.recorder.get("kubernetes:helm.sh/v4:Chart", n).urn;
            // The Namespace object itself waits: a component's dependsOn does not reach its children.
            assert.ok(ns.dependencies.includes(chart("platform-addons-istio-cni")));
            assert.ok(ns.dependencies.includes(chart("platform-addons-istiod")));
            assert.strictEqual(
                objectOf(e.recorder, "kubernetes:core/v1:Namespace", "apps-ns").metadata.labels[
                    "pod-security.kubernetes.io/enforce"
                ],
                "restricted",
            );
        });

        it("name ClusterAddons as the chart workload models assume (their release prefix)", async () => {
            const e = await evaluate(stack);
            assert.deepStrictEqual(
                e.recorder.ofType("platform:cluster:ClusterAddons").map((r) => r.name),
                [ADDONS_NAME],
            );
        });

        it("install the VPA as a Helm release so its certificate hook runs", async () => {
            const e = await evaluate(stack);
            assert.deepStrictEqual(
                e.recorder.ofType("kubernetes:helm.sh/v3:Release").map((r) => r.name),
                ["platform-addons-vpa"],
            );
        });

        it("run the NVIDIA device plugin exactly on the GPU NodePools, from their own labels and taints", async () => {
            const e = await evaluate(stack);
            // GPU capacity is Karpenter's `gpu` NodePool (production only); no managed group has GPUs
            assert.deepStrictEqual(
                e.recorder
                    .ofType("eks:index:ManagedNodeGroup")
                    .filter((g) => g.inputs.amiType !== "AL2023_x86_64_STANDARD")
                    .map((g) => g.name),
                [],
            );
            const gpuPools = e.recorder
                .ofType("kubernetes:karpenter.sh/v1:NodePool")
                .filter((p) => p.name === "nodes-gpu");
            const plugins = e.recorder
                .ofType("kubernetes:helm.sh/v4:Chart")
                .filter((c) => c.inputs.chart === "nvidia-device-plugin");
            assert.deepStrictEqual(
                plugins.map((p) => p.name),
                stack === "production" ? ["platform-addons-nvidia-device-plugin-gpu"] : [],
            );
            assert.strictEqual(gpuPools.length, stack === "production" ? 1 : 0);
            for (const [pool, plugin] of gpuPools.map((g, i) => [g, plugins[i]] as const)) {
                const v = chartValues<DevicePluginValues>(plugin);
                const template = (
                    pool.inputs as {
                        spec: {
                            template: {
                                metadata: { labels: Record<string, string> };
                                spec: { taints: Taint[] };
                            };
                        };
                    }
                ).spec.template;
                // the pool's labels plus the label only Karpenter's nodes of this pool carry
                const labels = { ...template.metadata.labels, "karpenter.sh/nodepool": "gpu" };
                const byKey = (a: { key: string }, b: { key: string }) =>
                    a.key.localeCompare(b.key);
                assert.deepStrictEqual(
                    [
                        ...v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
                            .nodeSelectorTerms[0].matchExpressions,
                    ].sort(byKey),
                    Object.entries(labels)
                        .map(([key, value]) => ({ key, operator: "In", values: [value] }))
                        .sort(byKey),
                );
                assert.deepStrictEqual(
                    v.tolerations.map((t) => `${t.key}=${t.value}:${t.effect}`),
                    template.spec.taints.map((t) => `${t.key}=${t.value}:${t.effect}`),
                );
            }
        });

        it("carry no disruption budget that would block every drain of a single replica", async () => {
            const e = await evaluate(stack);
            const istiod = values<IstiodValues>(e, "platform-addons-istiod");
            const ms = values<MetricsServerValues>(e, "platform-addons-metrics-server");
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
