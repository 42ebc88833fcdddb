/**
 * Capacity per node group, at its minimum and at its autoscaled maximum (`minSize` and `maxSize` nodes:
 * Cluster Autoscaler only moves the desired size between them). What a group must hold:
 *
 * - the program's workloads (Deployments, StatefulSets, Rollouts...) at their HPA minimum and maximum
 *   (or fixed replica count), each pod with the Istio sidecar istiod injects into it;
 * - every add-on workload placed on the group: the charts' models (components/addons/workloads.ts,
 *   mocks never render a chart) and EKS's managed add-ons (managed-workloads.ts);
 * - DaemonSets once per node, on every group whose taints they tolerate;
 * - pod slots: at most `maxPods` pods per node, the VPC CNI's limit for the instance type
 *   (lib/aws/max-pods.ts).
 *
 * Placement follows the scheduler's hard rules (lib/kubernetes/placement.ts): a pod runs on a group
 * whose NoSchedule/NoExecute taints it tolerates and whose labels its nodeSelector or required node
 * affinity selects. Each node counts as the smallest of the group's instance types (spot and mixed
 * groups may get any of them; cluster-autoscaler/cloudprovider/aws/README.md), with
 * {@link ALLOCATABLE_SHARE} of it left to pods.
 *
 * Sidecars and the pods' own requests: capacity-pods.ts.
 */
import type { ChartWorkload } from "../../components/addons/core/chart";
import { maxPodsOf } from "../../lib/aws/max-pods";
import {
    field,
    itemsAt,
    nodeLabels,
    parseQuantity,
    podRequiresNodeLabels,
    podRunsOnGroup,
    podSelectsNodeLabels,
} from "../../lib/kubernetes";
import { ownValue } from "../../lib/records";
import { ALLOCATABLE_SHARE, allocatableNode, INSTANCE_TYPES } from "./instance-types";
import {
    addonPods,
    injected,
    namespaceLabels,
    PodSource,
    podRequests,
    programPods,
    SidecarRequests,
} from "./capacity-pods";
import { RecordedResource } from "./mocks";
import {
    PoolMaximum,
    poolForGroup,
    poolMaximum,
    standalonePools,
    templateLabels,
    templateTaints,
} from "./node-pool-limits";

export { ALLOCATABLE_SHARE };

/** CPU (cores), memory (GiB) and pods. */
export interface Amount {
    readonly cpu: number;
    readonly memoryGiB: number;
    readonly pods: number;
}

/** A group's load against its capacity with a number of nodes. */
export interface GroupScale {
    readonly nodes: number;
    readonly requested: Amount;
    readonly capacity: Amount;
}

/** One workload (not a DaemonSet) placed on a group. */
export interface PlacedWorkload {
    /** `namespace/name`. */
    readonly name: string;
    /** From the program's resources, or an add-on (chart model or EKS managed add-on). */
    readonly source: PodSource["source"];
    readonly minReplicas: number;
    readonly replicas: number;
    /** Requests of one pod, sidecar included. */
    readonly podCpu: number;
    readonly podMemoryGiB: number;
    /** Requests at `replicas`, sidecars included. */
    readonly cpu: number;
    readonly memoryGiB: number;
    /** Whether each pod carries an injected Istio sidecar. */
    readonly sidecar: boolean;
}

/** The load and capacity of one node group. */
export interface GroupCapacity {
    readonly group: string;
    readonly instanceTypes: string[];
    readonly capacityType: string;
    /**
     * The autoscaled maximum: the group's `maxSize`, or, when a Karpenter NodePool provisions the
     * group's pods, the nodes of its smallest instance type that its `spec.limits` hold.
     */
    readonly maxNodes: number;
    /** The NodePool whose limits set the maximum, when Karpenter provisions the group's pods. */
    readonly nodePool?: { readonly name: string; readonly limits: PoolMaximum["limits"] };
    /**
     * The group's `minSize`; for a NodePool no managed group stands for, the nodes (of its smallest
     * type) Karpenter launches for its workloads at their minimum replicas.
     */
    readonly minNodes: number;
    /** The group's `desiredSize`; for a NodePool of its own, `minNodes`. */
    readonly desiredNodes: number;
    /** What one node (the smallest type) leaves to pods: allocatable CPU/memory and `maxPods`. */
    readonly perNode: Amount;
    /** Allocatable CPU and memory of `maxNodes` nodes (the same as `atMaximum.capacity`). */
    readonly capacity: { cpu: number; memoryGiB: number };
    /** Requests at maximum scale (the same as `atMaximum.requested`). */
    readonly requested: { cpu: number; memoryGiB: number };
    readonly atMinimum: GroupScale;
    readonly atMaximum: GroupScale;
    /** Workloads scheduled here, with what they request at maximum scale. */
    readonly workloads: PlacedWorkload[];
    /** DaemonSets on every node of the group, with the requests of one pod. */
    readonly daemonSets: { name: string; cpu: number; memoryGiB: number }[];
    /** Injected sidecars at maximum scale and what they request. */
    readonly sidecars: { pods: number; cpu: number; memoryGiB: number };
    /** Set when the group cannot hold its maximum (or its instance types are unknown). */
    readonly warning?: string;
    /** `error` in production, `warning` elsewhere; absent when the group holds its maximum. */
    readonly severity?: "error" | "warning";
}

/** What the capacity check needs beyond the program's recorded resources. */
export interface CapacityInputs {
    /** Workloads of the add-on charts and EKS managed add-ons (mocks never render them). */
    readonly addonWorkloads: readonly ChartWorkload[];
    /**
     * Requests of the sidecar istiod injects (the mesh's `global.proxy.resources.requests`).
     * @default - no mesh: no sidecars
     */
    readonly sidecarRequests?: SidecarRequests;
    /** A group that cannot hold its maximum is an error (production) or a warning. @default false */
    readonly production?: boolean;
    /** The VPC CNI's prefix delegation. @default false */
    readonly prefixDelegation?: boolean;
}

interface Group {
    name: string;
    labels: Record<string, string>;
    taints: { key: string; value?: string; effect: string }[];
    minSize: number;
    desiredSize: number;
    maxSize: number;
    instanceTypes: string[];
    capacityType: string;
    pool?: PoolMaximum;
    /** A NodePool of its own: Karpenter launches the nodes its pending pods need, from none. */
    launched?: boolean;
}

const GiB = 2 ** 30;

/**
 * A NodePool no managed group stands for, as a group: its template labels plus the labels Karpenter
 * puts on its nodes (`karpenter.sh/nodepool`, `karpenter.sh/capacity-type`, the instance type), its
 * taints, no nodes at its minimum (Karpenter launches them for pending pods) and its limits' maximum.
 */
function poolGroup(r: RecordedResource): Group {
    const pool = poolMaximum(r);
    return {
        name: pool.pool,
        labels: {
            "kubernetes.io/os": "linux",
            "kubernetes.io/arch": "amd64",
            "node.kubernetes.io/instance-type": pool.instanceTypes[0] ?? "",
            "karpenter.sh/nodepool": pool.pool,
            "karpenter.sh/capacity-type": pool.capacityType === "SPOT" ? "spot" : "on-demand",
            ...templateLabels(r),
        },
        taints: templateTaints(r),
        minSize: 0,
        desiredSize: 0,
        maxSize: pool.maxNodes,
        instanceTypes: pool.instanceTypes,
        capacityType: pool.capacityType,
        pool,
        launched: true,
    };
}

function groupsOf(resources: readonly RecordedResource[]): Group[] {
    return [...managedGroups(resources), ...standalonePools(resources).map(poolGroup)];
}

function managedGroups(resources: readonly RecordedResource[]): Group[] {
    return resources
        .filter((r) => r.type === "eks:index:ManagedNodeGroup")
        .map((r) => {
            const scaling = (r.inputs.scalingConfig ?? {}) as Record<string, number | undefined>;
            const instanceTypes = (r.inputs.instanceTypes ?? []) as string[];
            const capacityType = String(r.inputs.capacityType ?? "ON_DEMAND");
            const pool = poolForGroup(resources, (r.inputs.labels ?? {}) as Record<string, string>);
            const group = {
                name: r.name,
                labels: nodeLabels({
                    labels: (r.inputs.labels ?? {}) as Record<string, string>,
                    nodeGroupName: String(r.inputs.nodeGroupName ?? r.name),
                    instanceType: instanceTypes[0] ?? "",
                    capacityType,
                    arch: /ARM_64/.test(String(r.inputs.amiType ?? "")) ? "arm64" : "amd64",
                }),
                taints: (r.inputs.taints ?? []) as Group["taints"],
                minSize: Number(scaling.minSize ?? 0),
                desiredSize: Number(scaling.desiredSize ?? scaling.minSize ?? 0),
                maxSize: Number(scaling.maxSize ?? 0),
                instanceTypes,
                capacityType,
            };
            // Karpenter provisions the pool's pods: its limits, its types and capacity type count.
            return pool
                ? {
                      ...group,
                      maxSize: pool.maxNodes,
                      instanceTypes: pool.instanceTypes,
                      capacityType: pool.capacityType,
                      pool,
                  }
                : group;
        });
}

/** Computes the load of every node group at its minimum and maximum. */
export function checkCapacity(
    resources: readonly RecordedResource[],
    inputs: CapacityInputs = { addonWorkloads: [] },
): GroupCapacity[] {
    const groups = groupsOf(resources);
    const namespaces = namespaceLabels(resources);
    const placed = new Map(groups.map((g) => [g.name, [] as PlacedWorkload[]]));
    const daemons = new Map(groups.map((g) => [g.name, [] as GroupCapacity["daemonSets"]]));
    const sidecars = new Map(groups.map((g) => [g.name, { pods: 0, cpu: 0, memoryGiB: 0 }]));
    const gpus = new Map(groups.map((g) => [g.name, 0]));
    for (const pod of [...programPods(resources), ...addonPods(inputs.addonWorkloads)]) {
        const meshed = inputs.sidecarRequests !== undefined && injected(pod, namespaces);
        const one = podRequests(pod, meshed ? inputs.sidecarRequests : undefined);
        const eligible = groups.filter((g) => podRunsOnGroup(pod.spec, g));
        if (pod.daemonSet) {
            for (const g of eligible) {
                daemons.get(g.name)!.push({
                    name: pod.name,
                    cpu: one.cpu,
                    memoryGiB: one.memory / GiB,
                });
            }
            continue;
        }
        // A pod that names its nodes goes to the group it selects; others to the first it may use.
        const target =
            (podRequiresNodeLabels(pod.spec)
                ? eligible.find((g) => podSelectsNodeLabels(pod.spec, g.labels))
                : undefined) ?? eligible[0];
        if (!target) {
            continue; // the config refuses workloads no group can run (schemas/capacity.ts)
        }
        gpus.set(target.name, gpus.get(target.name)! + podGpus(pod) * pod.minReplicas);
        placed.get(target.name)!.push({
            name: pod.name,
            source: pod.source,
            minReplicas: pod.minReplicas,
            replicas: pod.replicas,
            podCpu: one.cpu,
            podMemoryGiB: one.memory / GiB,
            cpu: one.cpu * pod.replicas,
            memoryGiB: (one.memory * pod.replicas) / GiB,
            sidecar: meshed,
        });
        if (meshed) {
            const s = sidecars.get(target.name)!;
            const sidecarOnly = podRequests({ ...pod, spec: {} }, inputs.sidecarRequests);
            s.pods += pod.replicas;
            s.cpu += sidecarOnly.cpu * pod.replicas;
            s.memoryGiB += (sidecarOnly.memory * pod.replicas) / GiB;
        }
    }
    return groups.map((g) =>
        groupCapacity(g, placed.get(g.name)!, daemons.get(g.name)!, sidecars.get(g.name)!, {
            ...inputs,
            minimumGpus: gpus.get(g.name)!,
        }),
    );
}

const sum = <T>(items: readonly T[], f: (t: T) => number) => items.reduce((s, i) => s + f(i), 0);
const fmt = (n: number) => n.toFixed(1);

/** GPUs one pod asks for (`nvidia.com/gpu` limits, which Kubernetes takes as its requests). */
function podGpus(pod: PodSource): number {
    return itemsAt(pod.spec, "containers").reduce<number>(
        (n, c) =>
            n +
            (parseQuantity(
                field(c, "resources", "limits", "nvidia.com/gpu") ??
                    field(c, "resources", "requests", "nvidia.com/gpu"),
            ) ?? 0),
        0,
    );
}

function groupCapacity(
    g: Group,
    workloads: PlacedWorkload[],
    daemonSets: GroupCapacity["daemonSets"],
    sidecars: GroupCapacity["sidecars"],
    inputs: CapacityInputs & { readonly minimumGpus: number },
): GroupCapacity {
    const sizes = g.instanceTypes.map((t) => ({ t, facts: ownValue(INSTANCE_TYPES, t) }));
    const pods = sizes.map((s) =>
        s.facts
            ? maxPodsOf(s.t, s.facts.vcpu, { prefixDelegation: inputs.prefixDelegation })
            : undefined,
    );
    const node = allocatableNode(g.instanceTypes);
    const perNode: Amount = node
        ? { cpu: node.cpu, memoryGiB: node.memoryGiB, pods: Math.min(...pods.map((p) => p ?? 0)) }
        : { cpu: 0, memoryGiB: 0, pods: 0 };
    const scale = (nodes: number, replicas: (w: PlacedWorkload) => number): GroupScale => ({
        nodes,
        capacity: {
            cpu: perNode.cpu * nodes,
            memoryGiB: perNode.memoryGiB * nodes,
            pods: perNode.pods * nodes,
        },
        requested: {
            cpu:
                sum(workloads, (w) => w.podCpu * replicas(w)) +
                nodes * sum(daemonSets, (d) => d.cpu),
            memoryGiB:
                sum(workloads, (w) => w.podMemoryGiB * replicas(w)) +
                nodes * sum(daemonSets, (d) => d.memoryGiB),
            pods: sum(workloads, replicas) + nodes * daemonSets.length,
        },
    });
    // A NodePool of its own runs the nodes its pods need at their minimum replicas (of its smallest
    // type, each carrying the DaemonSets); a managed group runs at least minSize.
    const launchedNodes = (): number => {
        const room = {
            cpu: perNode.cpu - sum(daemonSets, (d) => d.cpu),
            memoryGiB: perNode.memoryGiB - sum(daemonSets, (d) => d.memoryGiB),
            pods: perNode.pods - daemonSets.length,
        };
        if (workloads.length === 0 || room.cpu <= 0 || room.memoryGiB <= 0 || room.pods <= 0) {
            return 0;
        }
        const gpusPerNode = node?.gpus ?? 0;
        return Math.ceil(
            Math.max(
                gpusPerNode > 0 ? inputs.minimumGpus / gpusPerNode : 0,
                sum(workloads, (w) => w.podCpu * w.minReplicas) / room.cpu,
                sum(workloads, (w) => w.podMemoryGiB * w.minReplicas) / room.memoryGiB,
                sum(workloads, (w) => w.minReplicas) / room.pods,
            ),
        );
    };
    const minNodes = g.launched ? Math.min(launchedNodes(), g.maxSize) : g.minSize;
    const atMinimum = scale(minNodes, (w) => w.minReplicas);
    const atMaximum = scale(g.maxSize, (w) => w.replicas);
    const base = {
        group: g.name,
        instanceTypes: g.instanceTypes,
        capacityType: g.capacityType,
        maxNodes: g.maxSize,
        ...(g.pool ? { nodePool: { name: g.pool.pool, limits: g.pool.limits } } : {}),
        minNodes,
        desiredNodes: g.launched ? minNodes : g.desiredSize,
        perNode,
        capacity: { cpu: atMaximum.capacity.cpu, memoryGiB: atMaximum.capacity.memoryGiB },
        requested: { cpu: atMaximum.requested.cpu, memoryGiB: atMaximum.requested.memoryGiB },
        atMinimum,
        atMaximum,
        workloads,
        daemonSets,
        sidecars,
    };
    const severity = inputs.production ? "error" : "warning";
    if (!node) {
        const unknown = g.instanceTypes.filter((t) => !ownValue(INSTANCE_TYPES, t));
        return {
            ...base,
            severity,
            warning: `node group ${g.name}: unknown instance type(s) ${unknown.join(", ") || "(none listed)"}; add them to schemas/instance-types.ts`,
        };
    }
    const warning = overflow(g, atMaximum, workloads, daemonSets, sidecars, perNode);
    return warning ? { ...base, warning, severity } : base;
}

/** Why the group cannot hold its maximum, or undefined when it can. */
function overflow(
    g: Group,
    max: GroupScale,
    workloads: PlacedWorkload[],
    daemonSets: GroupCapacity["daemonSets"],
    sidecars: GroupCapacity["sidecars"],
    perNode: Amount,
): string | undefined {
    const { requested: r, capacity: c } = max;
    const over: string[] = [];
    if (r.cpu > c.cpu) {
        over.push(`${fmt(r.cpu)} > ${fmt(c.cpu)} vCPU`);
    }
    if (r.memoryGiB > c.memoryGiB) {
        over.push(`${fmt(r.memoryGiB)} > ${fmt(c.memoryGiB)} GiB`);
    }
    if (r.pods > c.pods) {
        over.push(`${r.pods} > ${c.pods} pods (max ${perNode.pods} per node, VPC CNI)`);
    }
    if (over.length === 0) {
        return undefined;
    }
    const largest = [...workloads]
        .sort((a, b) => b.cpu - a.cpu)
        .slice(0, 3)
        .map((w) => `${w.name} (${w.replicas} x, ${fmt(w.cpu)} vCPU)`)
        .join(", ");
    return (
        `node group ${g.name} cannot hold its workloads at maximum scale: ${over.join(", ")} ` +
        `on ${g.maxSize} x ${g.instanceTypes.join("/")} (${maximumSource(g)}); requests include ` +
        `${sidecars.pods} sidecar(s) (${fmt(sidecars.cpu)} vCPU) and ${daemonSets.length} DaemonSet pod(s) per node` +
        (largest ? `; largest: ${largest}` : "")
    );
}

/** Where a group's maximum comes from, as the warning names it. */
function maximumSource(g: Group): string {
    return g.pool
        ? `NodePool ${g.pool.pool} limits: ${fmt(g.pool.limits.cpu)} vCPU, ${fmt(g.pool.limits.memoryGiB)} GiB`
        : "maxSize";
}
