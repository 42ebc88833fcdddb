/**
 * Capacity that cannot work: workloads no node group can schedule, pods larger than a node, GPU requests
 * above what an instance type has, and node groups whose maximum size cannot hold their workloads at
 * maximum replicas (an error in production, a warning elsewhere).
 *
 * Each node counts as {@link allocatableNode} says, the node model the offline preview's capacity
 * check counts with too (one owner: schemas/instance-types.ts). Services tolerate no taints, so they run
 * on the groups without NoSchedule/NoExecute taints; a model server runs on its own `nodeGroup`.
 */
import { parseQuantity } from "../lib/kubernetes";
import {
    ACCELERATOR_LABEL,
    ALLOCATABLE_SHARE,
    allocatableNode,
    AllocatableNode,
    INSTANCE_TYPES,
} from "./instance-types";
import { ownValue } from "../lib/records";
import { DEFAULT_SERVICE_REPLICAS } from "../components/microservice/defaults";
import type { CapacityFinding } from "./capacity-finding";
import { PodSlotConfig, podSlotFindings } from "./pod-slots";

// The component owns the default; the capacity model counts with the same constant.
export { DEFAULT_SERVICE_REPLICAS };

export type { CapacityFinding };

interface Group {
    readonly instanceTypes: readonly string[];
    readonly maxSize: number;
    readonly desiredSize?: number;
    readonly gpu?: boolean;
    readonly taints: readonly { effect: string }[];
}
interface Requests {
    readonly requests: { cpu: string; memory: string };
}
interface Workloads {
    readonly cluster: { nodeGroups: Record<string, Group> };
    /** The add-ons that decide the DaemonSets per node. @default - pod slots are not checked */
    readonly addons?: PodSlotConfig["addons"];
    readonly services: Record<
        string,
        {
            replicas?: number;
            autoscaling?: { maxReplicas: number };
            resources: Requests;
        }
    >;
    readonly mlWorkloads: Record<
        string,
        {
            nodeGroup: string;
            gpu: number;
            model: { replicas: number };
            autoscaling?: { minReplicas?: number; maxReplicas: number };
            resources: Requests;
        }
    >;
}

/** Capacity of one node of a group ({@link allocatableNode}), or undefined if a type is unknown. */
export function nodeOf(group: Group): AllocatableNode | undefined {
    return allocatableNode(group.instanceTypes);
}

/**
 * Node group facts from the instance type table: every type must be known, a `gpu: true` group must
 * have GPUs on every type and carry Cluster Autoscaler's accelerator label with their GPU model (and
 * only GPU groups may carry it), and, while Cluster Autoscaler scales the groups (`autoscaled`), each
 * group's types must share vCPUs, memory and GPUs: the autoscaler builds a group's template node from
 * the first instance type of its mixed instances policy alone (`instanceTypesOverrides[0]` in
 * cluster-autoscaler/cloudprovider/aws/aws_wrapper.go; README "Using Mixed Instances Policies and Spot
 * Instances": "the instance types should have the same amount of RAM and number of CPU cores",
 * kubernetes/autoscaler at cluster-autoscaler-1.33.6).
 */
export function checkNodeGroupTypes(
    nodeGroups: Record<string, Group & { gpu: boolean; labels?: Record<string, string> }>,
    ctx: {
        addIssue: (issue: {
            code: "custom";
            path: (string | number)[];
            message: string;
            input: unknown;
        }) => void;
    },
    autoscaled = true,
): void {
    for (const [name, g] of Object.entries(nodeGroups)) {
        checkSameSize(name, g, autoscaled, ctx);
        checkAcceleratorLabel(name, g, ctx);
        g.instanceTypes.forEach((type, i) => {
            const facts = ownValue(INSTANCE_TYPES, type);
            const path = ["cluster", "nodeGroups", name, "instanceTypes", i];
            if (!INSTANCE_TYPE_SYNTAX.test(type)) {
                return; // refused by the node group schema
            }
            if (!facts) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    message:
                        "must be an instance type of schemas/instance-types.ts (add a row from the EC2 instance type specifications to use another)",
                    input: type,
                });
            } else if (g.gpu && !facts.gpus) {
                ctx.addIssue({
                    code: "custom",
                    path,
                    message: `has no GPUs, but node group ${name} sets gpu: true; use a GPU type such as g5.xlarge or set gpu: false`,
                    input: type,
                });
            }
        });
    }
}

/** `vCPU / memory / GPUs` of an instance type, as the mixed-size error shows it. */
function sizeOf(type: string): string {
    const f = ownValue(INSTANCE_TYPES, type)!;
    return `${f.vcpu} vCPU / ${f.memoryGiB} GiB${f.gpus ? ` / ${f.gpus} GPU` : ""}`;
}

function checkSameSize(
    name: string,
    g: Group,
    autoscaled: boolean,
    ctx: Parameters<typeof checkNodeGroupTypes>[1],
): void {
    const known = g.instanceTypes.filter((t) => ownValue(INSTANCE_TYPES, t) !== undefined);
    if (!autoscaled || known.length < 2) {
        return;
    }
    const first = sizeOf(known[0]);
    const other = known.find((t) => sizeOf(t) !== first);
    if (other !== undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "nodeGroups", name, "instanceTypes"],
            message: `must list instance types of one size while Cluster Autoscaler scales the group (it plans every node as the first type): ${known[0]} has ${first}, ${other} has ${sizeOf(other)}; use types of equal vCPU and memory (e.g. t3.xlarge and m5.xlarge) or one node group per size`,
            input: g.instanceTypes,
        });
    }
}

function checkAcceleratorLabel(
    name: string,
    g: Group & { gpu: boolean; labels?: Record<string, string> },
    ctx: Parameters<typeof checkNodeGroupTypes>[1],
): void {
    const label = g.labels?.[ACCELERATOR_LABEL];
    const path = ["cluster", "nodeGroups", name, "labels", ACCELERATOR_LABEL];
    if (!g.gpu) {
        if (label !== undefined) {
            ctx.addIssue({
                code: "custom",
                path,
                message: `must be unset on a node group without GPUs (gpu: false): Cluster Autoscaler would wait for GPUs its nodes never get`,
                input: label,
            });
        }
        return;
    }
    const models = [
        ...new Set(
            g.instanceTypes.map((t) => ownValue(INSTANCE_TYPES, t)?.gpuModel).filter((m) => m),
        ),
    ];
    if (models.length > 1) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "nodeGroups", name, "instanceTypes"],
            message: `must list instance types with one GPU model (the group's ${ACCELERATOR_LABEL} label names one): ${models.join(" and ")} differ`,
            input: g.instanceTypes,
        });
        return;
    }
    if (models.length === 0) {
        return; // unknown or GPU-less types are refused per type above
    }
    if (label !== models[0]) {
        ctx.addIssue({
            code: "custom",
            path,
            message: `must be ${models[0]} (the GPU of ${g.instanceTypes.join(", ")}, schemas/instance-types.ts): Cluster Autoscaler reads this label to know a new node has GPUs before the device plugin advertises them, and to plan the group at zero nodes`,
            input: label,
        });
    }
}

const INSTANCE_TYPE_SYNTAX = /^[a-z][a-z0-9-]*\.[a-z0-9]+$/;
const hardTainted = (g: Group) => g.taints.some((t) => t.effect !== "PreferNoSchedule");
const fmt = (n: number) => n.toFixed(1);
const GiB = 2 ** 30;

interface Load {
    name: string;
    replicas: number;
    cpu: number;
    memoryGiB: number;
    gpus: number;
}

/** Every capacity finding of a parsed config. */
export function capacityFindings(c: Workloads, production: boolean): CapacityFinding[] {
    const findings: CapacityFinding[] = [];
    const groups = c.cluster.nodeGroups;
    const open = Object.keys(groups).filter((g) => !hardTainted(groups[g]));
    const services = Object.entries(c.services);
    if (services.length > 0 && open.length === 0) {
        findings.push({
            path: ["cluster", "nodeGroups"],
            message: `must include a node group without NoSchedule or NoExecute taints: services (${services.map(([n]) => n).join(", ")}) tolerate no taints, so no node can run them`,
            input: Object.keys(groups),
            severity: "error",
        });
        return findings;
    }
    // Pools: the untainted groups together (services and model servers placed there), and each
    // tainted group on its own (model servers placed there).
    const pools = new Map<string, { groups: string[]; loads: Load[] }>();
    const poolOf = (group: string) => (open.includes(group) ? "open" : group);
    pools.set("open", { groups: open, loads: [] });
    const place = (
        pool: string,
        load: Load,
        requestPath: (string | number)[],
        requests: Requests["requests"],
        candidates: string[],
    ) => {
        const nodes = candidates.map((g) => ({ g, node: nodeOf(groups[g]) }));
        if (nodes.some((n) => n.node === undefined)) {
            return; // unknown instance types are refused by the node group schema
        }
        const cpu = parseQuantity(requests.cpu) ?? 0;
        const memoryGiB = (parseQuantity(requests.memory) ?? 0) / GiB;
        const fits = (n: { cpu: number; memoryGiB: number }) =>
            cpu <= n.cpu && memoryGiB <= n.memoryGiB;
        if (!nodes.some((n) => fits(n.node!))) {
            const biggest = [...nodes].sort((a, b) => b.node!.cpu - a.node!.cpu)[0];
            const key = cpu > biggest.node!.cpu ? "cpu" : "memory";
            findings.push({
                path: [...requestPath, key],
                message: `must fit on one node: ${biggest.node!.type} in node group ${biggest.g} leaves ${key === "cpu" ? `${fmt(biggest.node!.cpu)} vCPU` : `${fmt(biggest.node!.memoryGiB)} GiB`} to pods (${ALLOCATABLE_SHARE * 100}% of the node)`,
                input: requests[key],
                severity: "error",
            });
        }
        if (!pools.has(pool)) {
            pools.set(pool, { groups: candidates, loads: [] });
        }
        pools.get(pool)!.loads.push(load);
    };
    for (const [name, s] of services) {
        const replicas = s.autoscaling?.maxReplicas ?? s.replicas ?? DEFAULT_SERVICE_REPLICAS;
        place(
            "open",
            load(name, replicas, s.resources.requests, 0),
            ["services", name, "resources", "requests"],
            s.resources.requests,
            open,
        );
    }
    for (const [name, w] of Object.entries(c.mlWorkloads)) {
        const group = ownValue(groups, w.nodeGroup);
        if (!group) {
            continue; // refused by checkMlWorkloads
        }
        const node = nodeOf(group);
        if (node && w.gpu > node.gpus && node.gpus > 0) {
            findings.push({
                path: ["mlWorkloads", name, "gpu"],
                message: `must not exceed the GPUs of one node: ${node.type} in node group ${w.nodeGroup} has ${node.gpus} (schemas/instance-types.ts)`,
                input: w.gpu,
                severity: "error",
            });
        }
        const replicas = w.autoscaling?.maxReplicas ?? w.model.replicas;
        place(
            poolOf(w.nodeGroup),
            load(name, replicas, w.resources.requests, w.gpu),
            ["mlWorkloads", name, "resources", "requests"],
            w.resources.requests,
            open.includes(w.nodeGroup) ? open : [w.nodeGroup],
        );
    }
    findings.push(...gpuStartFindings(c));
    for (const { groups: members, loads } of pools.values()) {
        const finding = poolFinding(members, loads, groups, production);
        if (finding) {
            findings.push(finding);
        }
    }
    if (c.addons) {
        findings.push(
            ...podSlotFindings({ ...c, addons: c.addons }, placedPods(c, open), production),
        );
    }
    return findings;
}

/**
 * A GPU node group must start (`desiredSize`) with enough nodes for the first replicas of its GPU
 * workloads (`autoscaling.minReplicas`, else `model.replicas`), each workload on nodes of its own: pods
 * per node = GPUs per node / GPUs per pod, rounded down. Fewer nodes leave the first `pulumi up`
 * waiting on Cluster Autoscaler to add a GPU node per missing replica inside the model server's await.
 * An error in every environment: it decides whether the first `up` succeeds.
 */
function gpuStartFindings(c: Workloads): CapacityFinding[] {
    const findings: CapacityFinding[] = [];
    for (const [groupName, group] of Object.entries(c.cluster.nodeGroups)) {
        const node = nodeOf(group);
        if (!group.gpu || group.desiredSize === undefined || !node || node.gpus === 0) {
            continue;
        }
        const users = Object.entries(c.mlWorkloads)
            .filter(([, w]) => w.nodeGroup === groupName && w.gpu > 0 && w.gpu <= node.gpus)
            .map(([name, w]) => {
                const replicas = w.autoscaling?.minReplicas ?? w.model.replicas;
                const perNode = Math.floor(node.gpus / w.gpu);
                return { name, replicas, gpu: w.gpu, nodes: Math.ceil(replicas / perNode) };
            });
        const needed = users.reduce((sum, u) => sum + u.nodes, 0);
        if (needed > group.desiredSize) {
            const detail = users
                .map((u) => `${u.name} ${u.replicas} x ${u.gpu} GPU needs ${u.nodes}`)
                .join(", ");
            findings.push({
                path: ["cluster", "nodeGroups", groupName, "desiredSize"],
                message: `must start the GPU nodes the GPU workloads' first replicas need: ${node.type} has ${node.gpus} GPU per node and ${detail} (${needed} nodes); raise desiredSize (and maxSize) to at least ${needed}, or lower the replicas, so the first \`pulumi up\` does not wait on Cluster Autoscaler for GPU nodes`,
                input: group.desiredSize,
                severity: "error",
            });
        }
    }
    return findings;
}

/**
 * Pods the config places per node group at maximum replicas: model servers on their group, services
 * on the untainted group when there is one (with several, the scheduler spreads them: not counted).
 */
function placedPods(
    c: Workloads,
    open: readonly string[],
): Map<string, { pods: number; names: string[] }> {
    const placed = new Map<string, { pods: number; names: string[] }>();
    const add = (group: string, name: string, pods: number) => {
        const entry = placed.get(group) ?? { pods: 0, names: [] };
        entry.pods += pods;
        entry.names.push(`${name} ${pods} x`);
        placed.set(group, entry);
    };
    if (open.length === 1) {
        for (const [name, s] of Object.entries(c.services)) {
            add(
                open[0],
                name,
                s.autoscaling?.maxReplicas ?? s.replicas ?? DEFAULT_SERVICE_REPLICAS,
            );
        }
    }
    for (const [name, w] of Object.entries(c.mlWorkloads)) {
        if (!open.includes(w.nodeGroup) || open.length === 1) {
            add(w.nodeGroup, name, w.autoscaling?.maxReplicas ?? w.model.replicas);
        }
    }
    return placed;
}

function load(name: string, replicas: number, requests: Requests["requests"], gpus: number): Load {
    return {
        name,
        replicas,
        cpu: (parseQuantity(requests.cpu) ?? 0) * replicas,
        memoryGiB: ((parseQuantity(requests.memory) ?? 0) * replicas) / GiB,
        gpus: gpus * replicas,
    };
}

function poolFinding(
    members: string[],
    loads: Load[],
    groups: Record<string, Group>,
    production: boolean,
): CapacityFinding | undefined {
    if (loads.length === 0 || members.length === 0) {
        return undefined;
    }
    const nodes = members.map((g) => ({ g, node: nodeOf(groups[g]), max: groups[g].maxSize }));
    if (nodes.some((n) => n.node === undefined)) {
        return undefined;
    }
    const capacity = {
        cpu: nodes.reduce((s, n) => s + n.node!.cpu * n.max, 0),
        memoryGiB: nodes.reduce((s, n) => s + n.node!.memoryGiB * n.max, 0),
        gpus: nodes.reduce((s, n) => s + n.node!.gpus * n.max, 0),
    };
    const wanted = {
        cpu: loads.reduce((s, l) => s + l.cpu, 0),
        memoryGiB: loads.reduce((s, l) => s + l.memoryGiB, 0),
        gpus: loads.reduce((s, l) => s + l.gpus, 0),
    };
    // GPUs on a pool without any are refused by checkMlWorkloads; count them only where they exist.
    const gpus = capacity.gpus > 0 ? wanted.gpus : 0;
    if (
        wanted.cpu <= capacity.cpu &&
        wanted.memoryGiB <= capacity.memoryGiB &&
        gpus <= capacity.gpus
    ) {
        return undefined;
    }
    const first = nodes[0];
    const held = nodes.map((n) => `${n.max} x ${n.node!.type}`).join(" + ");
    const top = [...loads]
        .sort((a, b) => b.cpu - a.cpu)
        .slice(0, 3)
        .map((l) => `${l.name} ${l.replicas} x`)
        .join(", ");
    return {
        path: ["cluster", "nodeGroups", first.g, "maxSize"],
        message:
            `must let ${members.length > 1 ? `node groups ${members.join(", ")}` : `node group ${first.g}`} hold ` +
            `its workloads at maximum replicas (${top}): they request ${fmt(wanted.cpu)} vCPU / ${fmt(wanted.memoryGiB)} GiB` +
            (gpus > 0 ? ` / ${gpus} GPU` : "") +
            `, ${held} hold ${fmt(capacity.cpu)} vCPU / ${fmt(capacity.memoryGiB)} GiB` +
            (gpus > 0 ? ` / ${capacity.gpus} GPU` : "") +
            `; raise maxSize, use larger instance types or lower the maximum replicas` +
            (production ? "" : " (a warning outside production)"),
        input: first.max,
        severity: production ? "error" : "warning",
    };
}
