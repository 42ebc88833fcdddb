/**
 * Capacity check: per node group, the sum of pod requests at their HPA maximum (or fixed replica count)
 * against the group's capacity at its autoscaled maximum: `maxSize` nodes, the most Cluster Autoscaler
 * will run (it only moves the desired size between minSize and maxSize). Each node counts as the
 * smallest of the group's instance types: spot and mixed groups may get any of them, and the autoscaler
 * itself plans with the first type of a mixed group (cluster-autoscaler/cloudprovider/aws/README.md).
 */
import {
    field,
    itemsAt,
    parseQuantity,
    podSelectsNodeLabels,
    podTemplate,
} from "../../lib/kubernetes";
import { ALLOCATABLE_SHARE, INSTANCE_TYPES } from "./instance-types";
import { RecordedResource } from "./mocks";
import { ownValue } from "../../lib/records";

export { ALLOCATABLE_SHARE };

/** The load and capacity of one node group. */
export interface GroupCapacity {
    readonly group: string;
    /** The autoscaled maximum: the group's `maxSize`, the node count `capacity` is computed for. */
    readonly maxNodes: number;
    /** Allocatable CPU and memory of `maxNodes` nodes of the smallest instance type. */
    readonly capacity: { cpu: number; memoryGiB: number };
    readonly requested: { cpu: number; memoryGiB: number };
    /** Workloads scheduled here, with what they request at maximum scale. */
    readonly workloads: { name: string; replicas: number; cpu: number; memoryGiB: number }[];
    /** Set when the group cannot hold its workloads or its capacity is unknown. */
    readonly warning?: string;
}

interface Group {
    name: string;
    labels: Record<string, string>;
    tainted: boolean;
    maxSize: number;
    instanceTypes: string[];
}

function groupsOf(resources: readonly RecordedResource[]): Group[] {
    return resources
        .filter((r) => r.type === "eks:index:ManagedNodeGroup")
        .map((r) => ({
            name: r.name,
            labels: (r.inputs.labels ?? {}) as Record<string, string>,
            tainted: ((r.inputs.taints ?? []) as { effect: string }[]).some(
                (t) => t.effect !== "PREFER_NO_SCHEDULE",
            ),
            maxSize: Number(
                (r.inputs.scalingConfig as { maxSize?: number } | undefined)?.maxSize ?? 0,
            ),
            instanceTypes: (r.inputs.instanceTypes ?? []) as string[],
        }));
}

/** Computes the load of every node group; groups that cannot hold their workloads carry a warning. */
export function checkCapacity(resources: readonly RecordedResource[]): GroupCapacity[] {
    const groups = groupsOf(resources);
    const hpas = resources.filter((r) => /:HorizontalPodAutoscaler$/.test(r.type));
    const load = new Map<string, GroupCapacity["workloads"]>(groups.map((g) => [g.name, []]));
    for (const r of resources) {
        const kind = r.type.split(":").pop()!;
        const pod = r.type.startsWith("kubernetes:") ? podTemplate(kind, r.inputs) : undefined;
        if (!pod || kind === "Job" || kind === "CronJob" || kind === "DaemonSet") {
            continue;
        }
        const meta = (r.inputs.metadata ?? {}) as { name?: string; namespace?: string };
        const hpa = hpas.find((h) => {
            const spec = h.inputs.spec as
                { scaleTargetRef?: { kind?: string; name?: string } } | undefined;
            return (
                spec?.scaleTargetRef?.kind === kind &&
                spec?.scaleTargetRef?.name === meta.name &&
                (h.inputs.metadata as { namespace?: string })?.namespace === meta.namespace
            );
        });
        const replicas = hpa
            ? Number((hpa.inputs.spec as { maxReplicas?: number }).maxReplicas ?? 1)
            : Number((r.inputs.spec as { replicas?: number })?.replicas ?? 1);
        let cpu = 0;
        let memory = 0;
        for (const c of itemsAt(pod.spec, "containers")) {
            cpu += parseQuantity(field(c, "resources", "requests", "cpu")) ?? 0;
            memory += parseQuantity(field(c, "resources", "requests", "memory")) ?? 0;
        }
        const target =
            groups.find((g) => podSelectsNodeLabels(pod.spec, g.labels)) ??
            groups.find((g) => !g.tainted);
        if (target) {
            load.get(target.name)!.push({
                name: `${meta.namespace ?? "default"}/${meta.name ?? r.name}`,
                replicas,
                cpu: cpu * replicas,
                memoryGiB: (memory * replicas) / 2 ** 30,
            });
        }
    }
    return groups.map((g) => {
        const sizes = g.instanceTypes.map((t) => ownValue(INSTANCE_TYPES, t));
        const workloads = load.get(g.name)!;
        const requested = {
            cpu: workloads.reduce((s, w) => s + w.cpu, 0),
            memoryGiB: workloads.reduce((s, w) => s + w.memoryGiB, 0),
        };
        if (sizes.some((s) => s === undefined) || sizes.length === 0) {
            const unknown = g.instanceTypes.filter((t) => !ownValue(INSTANCE_TYPES, t));
            return {
                group: g.name,
                maxNodes: g.maxSize,
                capacity: { cpu: 0, memoryGiB: 0 },
                requested,
                workloads,
                warning: `node group ${g.name}: unknown instance type(s) ${unknown.join(", ") || "(none listed)"}; add them to schemas/instance-types.ts`,
            };
        }
        const cpuPerNode = Math.min(...sizes.map((s) => s!.vcpu));
        const memPerNode = Math.min(...sizes.map((s) => s!.memoryGiB));
        const capacity = {
            cpu: cpuPerNode * g.maxSize * ALLOCATABLE_SHARE,
            memoryGiB: memPerNode * g.maxSize * ALLOCATABLE_SHARE,
        };
        const over = requested.cpu > capacity.cpu || requested.memoryGiB > capacity.memoryGiB;
        const warning = over
            ? `node group ${g.name} cannot hold its workloads at maximum scale: requests ${requested.cpu.toFixed(1)} vCPU / ${requested.memoryGiB.toFixed(1)} GiB > capacity ${capacity.cpu.toFixed(1)} vCPU / ${capacity.memoryGiB.toFixed(1)} GiB at the autoscaled maximum (maxSize ${g.maxSize} x smallest of ${g.instanceTypes.join(", ")}); largest: ${[
                  ...workloads,
              ]
                  .sort((a, b) => b.cpu - a.cpu)
                  .slice(0, 3)
                  .map((w) => `${w.name} (${w.replicas} x, ${w.cpu.toFixed(1)} vCPU)`)
                  .join(", ")}`
            : undefined;
        return { group: g.name, maxNodes: g.maxSize, capacity, requested, workloads, warning };
    });
}
