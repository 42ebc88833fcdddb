/**
 * Guards for Cluster Autoscaler on the real cluster (kubernetes/autoscaler at cluster-autoscaler-1.33.6):
 * - scale-down: no pod of either stack keeps its node for its local volumes. The autoscaler's drain
 *   rule (utils/drain/drain.go `HasBlockingLocalStorage`, `isLocalVolume`) counts a hostPath or an
 *   emptyDir whose medium is not Memory, unless the pod is annotated `safe-to-evict: "true"`, lists
 *   the volume in `safe-to-evict-local-volumes`, or the autoscaler runs with
 *   `--skip-nodes-with-local-storage=false`. Meshed pods get Istio's volumes at admission (Istio 1.30.3
 *   manifests/charts/istio-control/istio-discovery/files/injection-template.yaml and
 *   gateway-injection-template.yaml), which mocks never see, so they are added here. DaemonSet pods
 *   never block a scale-down and are left out.
 * - GPU nodes: the GPU group carries what the autoscaler reads for accelerators.
 * - Zonal volumes: every StorageClass binds where the pod lands (WaitForFirstConsumer).
 */
import * as assert from "assert";

import { ChartWorkload } from "../../components/addons";
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

/** The autoscaler's `skip-nodes-with-local-storage` as the stack's chart values set it. */
async function skipsLocalStorage(stack: string): Promise<boolean> {
    const { recorder } = await evaluatedStack(stack);
    const chart = recorder
        .ofType("kubernetes:helm.sh/v4:Chart")
        .find((c) => c.inputs.chart === "cluster-autoscaler");
    const args = (chart!.inputs.values as { extraArgs: Record<string, unknown> }).extraArgs;
    // The flag's default is true (FAQ.md, "What are the parameters to CA?").
    return args["skip-nodes-with-local-storage"] !== false;
}

const blockers = (pods: Pod[], skip: boolean) =>
    pods
        .map((p) => [p.name, blockingVolumes(p, skip).join(",")] as const)
        .filter(([, volumes]) => volumes !== "");

for (const stack of ["staging", "production"] as const) {
    describe(`node autoscaling of stack ${stack}`, () => {
        it("lets Cluster Autoscaler remove any node: no pod blocks it with local volumes", async () => {
            const pods = await stackPods(stack);
            assert.deepStrictEqual(blockers(pods, await skipsLocalStorage(stack)), []);
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

describe("GPU nodes as Cluster Autoscaler sees them (production)", () => {
    it("labels the GPU group with its GPU model, which the model server also selects", async () => {
        const { recorder } = await evaluatedStack("production");
        const gpu = recorder.get("eks:index:ManagedNodeGroup", "platform-gpu").inputs;
        assert.deepStrictEqual(
            [gpu.instanceTypes, gpu.scalingConfig, gpu.labels, gpu.taints, gpu.amiType],
            [
                ["g5.xlarge"],
                { minSize: 0, maxSize: 4, desiredSize: 3 },
                { workload: "ml-gpu", [ACCELERATOR_LABEL]: "nvidia-a10g" },
                [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }],
                "AL2023_x86_64_NVIDIA",
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
                        ],
                    },
                ],
            },
        });
    });
});
