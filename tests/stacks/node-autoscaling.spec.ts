/**
 * Guards for node autoscaling on the real cluster. Both stacks get their nodes from Karpenter
 * (aws/karpenter-provider-aws v1.14.1) and run no Cluster Autoscaler (docs/nodes.md):
 * - no managed node group is autoscaled: the only one is Karpenter's controller group, fixed size;
 * - each NodePool carries its pool's limits (the ceiling Karpenter provisions to) and disruption
 *   settings (consolidation policy and delay, node budgets), exactly as the stack config sets them;
 * - consolidation: Karpenter skips a node only for a pod it cannot evict: one annotated
 *   `karpenter.sh/do-not-disrupt` or one whose PodDisruptionBudget allows no eviction
 *   (https://karpenter.sh/v1.15/concepts/disruption/, "Pod-Level Controls"; local volumes do not
 *   block it), so no pod of either stack carries the annotation;
 * - Cluster Autoscaler stays a per-stack choice: with it, no pod of either stack would keep its node
 *   for its local volumes (kubernetes/autoscaler at cluster-autoscaler-1.33.6,
 *   utils/drain/drain.go `HasBlockingLocalStorage`, `isLocalVolume`: a hostPath or an emptyDir whose
 *   medium is not Memory blocks, unless the pod is annotated `safe-to-evict: "true"`, lists the
 *   volume in `safe-to-evict-local-volumes`, or the autoscaler runs with
 *   `--skip-nodes-with-local-storage=false`). Meshed pods get Istio's volumes at admission (Istio
 *   1.30.3 manifests/charts/istio-control/istio-discovery/files/injection-template.yaml and
 *   gateway-injection-template.yaml), which mocks never see, so they are added here. DaemonSet pods
 *   never block a scale-down and are left out.
 * - GPU nodes: the GPU NodePool carries the labels the model server and the device plugin select.
 * - Zonal volumes: every StorageClass binds where the pod lands (WaitForFirstConsumer).
 */
import * as assert from "assert";

import { ChartWorkload, clusterAutoscalerValues } from "../../components/addons";
import { ACCELERATOR_LABEL } from "../../components/cluster/spec";
import { RecordedResource } from "../../tools/offline/mocks";
import { stackAddonWorkloads } from "../helpers/addon-workloads";
import { evaluatedStack } from "../helpers/stack-evaluation";

/** A pod volume, as far as the drain rule reads it. */
interface Volume {
    readonly name: string;
    readonly hostPath?: unknown;
    readonly emptyDir?: { readonly medium?: string };
}

/** A pod the autoscaler might have to move: where it comes from, its annotations and volumes. */
interface Pod {
    readonly name: string;
    /** Istio injects a sidecar (or, for the gateway, its proxy) into it. */
    readonly meshed: boolean;
    readonly annotations: Readonly<Record<string, string>>;
    readonly volumes: readonly Volume[];
}

/** The volumes Istio 1.30.3 injects into a sidecar or gateway pod (caName and bootstrap defaults). */
const ISTIO_VOLUMES: readonly Volume[] = [
    { name: "workload-socket", emptyDir: {} },
    { name: "credential-socket", emptyDir: {} },
    { name: "workload-certs", emptyDir: {} },
    { name: "istio-envoy", emptyDir: { medium: "Memory" } },
    { name: "istio-data", emptyDir: {} },
    { name: "istio-podinfo" },
    { name: "istio-token" },
    { name: "istiod-ca-cert" },
];
const SAFE_TO_EVICT = "cluster-autoscaler.kubernetes.io/safe-to-evict";
const SAFE_LOCAL_VOLUMES = "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes";

/**
 * The local volumes that keep a pod's node from being removed, as the autoscaler decides it
 * (`skipLocalStorage`: the `skip-nodes-with-local-storage` flag, default true).
 */
export function blockingVolumes(pod: Pod, skipLocalStorage: boolean): string[] {
    if (!skipLocalStorage || pod.annotations[SAFE_TO_EVICT] === "true") {
        return [];
    }
    const safe = new Set((pod.annotations[SAFE_LOCAL_VOLUMES] ?? "").split(","));
    return pod.volumes
        .filter((v) => v.hostPath !== undefined || (v.emptyDir && v.emptyDir.medium !== "Memory"))
        .map((v) => v.name)
        .filter((name) => !safe.has(name));
}

interface PodTemplate {
    readonly metadata?: { readonly annotations?: Record<string, string> };
    readonly spec: { readonly volumes?: readonly Volume[] };
}

/** Every pod of the stack that is not a DaemonSet's, with the volumes it has once admitted. */
async function stackPods(stack: "staging" | "production"): Promise<Pod[]> {
    const { recorder } = await evaluatedStack(stack);
    const app = [
        ...recorder.ofType("kubernetes:apps/v1:Deployment"),
        ...recorder.ofType("kubernetes:argoproj.io/v1alpha1:Rollout"),
    ].map((r: RecordedResource): Pod => {
        const inputs = r.inputs as {
            metadata: { namespace: string; name: string };
            spec: { template: PodTemplate };
        };
        const template = inputs.spec.template;
        return {
            name: `${inputs.metadata.namespace}/${inputs.metadata.name}`,
            meshed: true,
            annotations: template.metadata?.annotations ?? {},
            // Every app workload runs in the injected app namespace.
            volumes: [...(template.spec.volumes ?? []), ...ISTIO_VOLUMES],
        };
    });
    const addons = stackAddonWorkloads(stack)
        .workloads.filter((w: ChartWorkload) => w.kind !== "DaemonSet")
        .map((w: ChartWorkload): Pod => {
            const meshed = w.labels["sidecar.istio.io/inject"] === "true";
            return {
                name: `${w.namespace}/${w.name}`,
                meshed,
                annotations: { ...w.annotations },
                volumes: [
                    ...((w.podSpec.volumes as readonly Volume[] | undefined) ?? []),
                    ...(meshed ? ISTIO_VOLUMES : []),
                ],
            };
        });
    return [...app, ...addons];
}

/**
 * The autoscaler's `skip-nodes-with-local-storage` as the platform's chart values set it for a stack
 * that chooses Cluster Autoscaler (the committed stacks do not).
 */
function skipsLocalStorage(): boolean {
    const values = clusterAutoscalerValues({
        clusterName: "c",
        region: "r",
        highAvailability: false,
    });
    const args: Readonly<Record<string, unknown>> = values.extraArgs;
    // The flag's default is true (FAQ.md, "What are the parameters to CA?").
    return args["skip-nodes-with-local-storage"] !== false;
}

/** The limits and disruption settings of each NodePool, sorted by NodePool name. */
async function poolBounds(stack: string): Promise<[string, unknown, unknown][]> {
    const { recorder } = await evaluatedStack(stack);
    return recorder
        .ofType("kubernetes:karpenter.sh/v1:NodePool")
        .map((p): [string, unknown, unknown] => {
            const inputs = p.inputs as {
                metadata: { name: string };
                spec: { limits: unknown; disruption: unknown };
            };
            return [inputs.metadata.name, inputs.spec.limits, inputs.spec.disruption];
        })
        .sort(([a], [b]) => a.localeCompare(b));
}

/** Each committed stack's NodePools: limits and disruption as Pulumi.<stack>.yaml sets them. */
const POOL_BOUNDS: ReadonlyMap<string, [string, unknown, unknown][]> = new Map([
    [
        "staging",
        [
            [
                "general",
                { cpu: "16", memory: "64Gi" },
                // the schema's defaults: consolidate when empty or underutilized, 5m, 10% of nodes
                {
                    consolidationPolicy: "WhenEmptyOrUnderutilized",
                    consolidateAfter: "5m",
                    budgets: [{ nodes: "10%" }],
                },
            ],
            [
                "ml",
                { cpu: "16", memory: "32Gi" },
                {
                    consolidationPolicy: "WhenEmptyOrUnderutilized",
                    consolidateAfter: "5m",
                    budgets: [{ nodes: "1" }],
                },
            ],
        ],
    ],
    [
        "production",
        [
            [
                "general",
                { cpu: "48", memory: "192Gi" },
                {
                    consolidationPolicy: "WhenEmptyOrUnderutilized",
                    consolidateAfter: "10m",
                    budgets: [
                        { nodes: "10%" },
                        {
                            nodes: "0",
                            reasons: ["Underutilized"],
                            schedule: "0 8 * * mon-fri",
                            duration: "10h",
                        },
                    ],
                },
            ],
            [
                "gpu",
                { cpu: "16", memory: "64Gi" },
                {
                    consolidationPolicy: "WhenEmpty",
                    consolidateAfter: "10m",
                    budgets: [{ nodes: "1" }],
                },
            ],
            [
                "ml",
                { cpu: "40", memory: "80Gi" },
                {
                    consolidationPolicy: "WhenEmptyOrUnderutilized",
                    consolidateAfter: "5m",
                    budgets: [{ nodes: "1" }],
                },
            ],
        ],
    ],
]);

const blockers = (pods: Pod[], skip: boolean) =>
    pods
        .map((p) => [p.name, blockingVolumes(p, skip).join(",")] as const)
        .filter(([, volumes]) => volumes !== "");

for (const stack of ["staging", "production"] as const) {
    describe(`node autoscaling of stack ${stack}`, () => {
        it("autoscales no managed node group and runs no Cluster Autoscaler: Karpenter's group is fixed", async () => {
            const { recorder } = await evaluatedStack(stack);
            assert.deepStrictEqual(
                recorder
                    .ofType("eks:index:ManagedNodeGroup")
                    .map((g) => [g.name, g.inputs.scalingConfig]),
                [["platform-karpenter", { minSize: 2, maxSize: 2, desiredSize: 2 }]],
            );
            assert.deepStrictEqual(
                recorder.resources.filter((r) => r.name.includes("cluster-autoscaler")),
                [],
            );
        });

        it("gives each NodePool its pool's limits and disruption settings", async () => {
            assert.deepStrictEqual(await poolBounds(stack), POOL_BOUNDS.get(stack));
        });

        it("lets Karpenter consolidate any node: no pod opts out with karpenter.sh/do-not-disrupt", async () => {
            const pods = await stackPods(stack);
            assert.ok(pods.length > 10, `read ${pods.length} pods`);
            assert.deepStrictEqual(
                pods.filter((p) => p.annotations["karpenter.sh/do-not-disrupt"] !== undefined),
                [],
            );
        });

        it("would let Cluster Autoscaler, where a stack chooses it, remove any node: no pod blocks it with local volumes", async () => {
            const pods = await stackPods(stack);
            assert.deepStrictEqual(blockers(pods, skipsLocalStorage()), []);
        });

        it("would keep every node of a meshed pod with the autoscaler's default (the guard can fail)", async () => {
            const pods = await stackPods(stack);
            const blocked = new Map(blockers(pods, true));
            const meshed = "workload-socket,credential-socket,workload-certs,istio-data";
            for (const service of ["inventory", "order", "shipping", "payment", "customer"]) {
                assert.strictEqual(blocked.get(`supply-chain/${service}`), `tmp,${meshed}`);
            }
            assert.strictEqual(blocked.get("supply-chain/ml-prediction"), `tmp,${meshed}`);
            // The meshed add-on pods (the ingress gateway) carry Istio's volumes alone.
            const meshedAddons = pods.filter(
                (p) => p.meshed && !p.name.startsWith("supply-chain/"),
            );
            assert.ok(meshedAddons.length > 0, "the ingress gateway is meshed");
            for (const p of meshedAddons) {
                assert.strictEqual(blocked.get(p.name), meshed, p.name);
            }
        });

        it("binds every volume in the zone its pod lands in (WaitForFirstConsumer)", async () => {
            const { recorder } = await evaluatedStack(stack);
            const classes = recorder.ofType("kubernetes:storage.k8s.io/v1:StorageClass");
            assert.deepStrictEqual(
                classes.map((c) => [
                    (c.inputs.metadata as { name: string }).name,
                    c.inputs.volumeBindingMode,
                ]),
                [["gp3", "WaitForFirstConsumer"]],
            );
        });
    });
}

describe("GPU nodes (production)", () => {
    it("come from the GPU NodePool, whose labels the model server selects with the pool's name", async () => {
        const { recorder } = await evaluatedStack("production");
        const gpu = recorder.get("kubernetes:karpenter.sh/v1:NodePool", "nodes-gpu").inputs as {
            spec: {
                template: {
                    metadata: { labels: unknown };
                    spec: { taints: unknown; requirements: { key: string; values: string[] }[] };
                };
            };
        };
        const template = gpu.spec.template;
        assert.deepStrictEqual(
            [
                template.metadata.labels,
                template.spec.taints,
                template.spec.requirements.find((r) => r.key === "node.kubernetes.io/instance-type")
                    ?.values,
            ],
            [
                { workload: "ml-gpu", [ACCELERATOR_LABEL]: "nvidia-a10g" },
                [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }],
                ["g5.xlarge"],
            ],
        );
        const server = recorder.get("kubernetes:apps/v1:Deployment", "ml-prediction").inputs as {
            spec: { template: { spec: { affinity: { nodeAffinity: unknown } } } };
        };
        assert.deepStrictEqual(server.spec.template.spec.affinity.nodeAffinity, {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                    {
                        matchExpressions: [
                            { key: "workload", operator: "In", values: ["ml-gpu"] },
                            { key: ACCELERATOR_LABEL, operator: "In", values: ["nvidia-a10g"] },
                            { key: "karpenter.sh/nodepool", operator: "In", values: ["gpu"] },
                        ],
                    },
                ],
            },
        });
    });
});
