/**
 * A monthly cost estimate of a stack from the offline price table (prices.ts): what its resources cost
 * at the node groups' desired size and at their autoscaled maximum. An estimate: traffic-driven charges
 * (data transfer, NAT and load balancer processing) are left out, and Spot and log volumes are
 * assumptions written down in the price table.
 */
import { EKS_VERSIONS } from "../../schemas/aws-facts";
import { field, parseQuantity } from "../../lib/kubernetes";
import { storeCapacity } from "./datastore-capacity";
import { RecordedResource } from "./mocks";
import { poolForGroup, poolMaximum, standalonePools } from "./node-pool-limits";
import {
    ASSUMED_LOG_GB_PER_MONTH,
    CLOUDWATCH_LOGS_USD_PER_GB,
    EBS_GP3_USD_PER_GB_MONTH,
    EC2_ON_DEMAND_USD_PER_HOUR,
    EKS_CONTROL_PLANE_USD_PER_HOUR,
    HOURS_PER_MONTH,
    LOAD_BALANCER_USD_PER_HOUR,
    NAT_GATEWAY_USD_PER_HOUR,
    PRICES_DATE,
    PRICES_REGION,
    SPOT_SHARE_OF_ON_DEMAND,
} from "./prices";

/** What a line is part of (the seed's cost table compares by these). */
export type CostCategory =
    | "control plane"
    | "nodes"
    | "nat gateways"
    | "load balancers"
    | "data stores"
    | "volumes"
    | "logs";

/** One line of the estimate: USD a month at the desired size and at the autoscaled maximum. */
export interface CostLine {
    readonly category: CostCategory;
    readonly item: string;
    readonly detail: string;
    readonly monthlyUsd: number;
    readonly atMaxUsd: number;
}

/** The estimate of one stack. */
export interface CostEstimate {
    readonly date: string;
    readonly region: string;
    readonly lines: CostLine[];
    readonly totals: { readonly monthlyUsd: number; readonly atMaxUsd: number };
    /** Resources the price table has no price for (left out of the totals). */
    readonly unpriced: string[];
}

/** The config the estimate reads beyond the resources: monitoring volumes and container logging. */
export interface CostSettings {
    /** Prometheus and Alertmanager replicas and volume sizes. @default - no monitoring */
    readonly monitoring?: {
        readonly prometheus: { readonly replicas: number; readonly storageSize: string };
        readonly alertmanager: { readonly replicas: number; readonly storageSize: string };
    };
    /** Fluent Bit ships container logs to CloudWatch Logs. @default false */
    readonly logging?: boolean;
    /**
     * Nodes each NodePool of its own (no managed group stands for it) runs at the workloads'
     * minimum replicas, by pool name: the capacity model's `minNodes` (capacity.ts).
     * @default - such pools are priced at no nodes at their minimum
     */
    readonly poolNodes?: ReadonlyMap<string, number>;
}

const month = (usdPerHour: number, count = 1) => usdPerHour * HOURS_PER_MONTH * count;
const GiB = 2 ** 30;

/** The control plane's tier on the price table's date: extended support after 14 months. */
function controlPlane(resources: readonly RecordedResource[]): CostLine[] {
    return resources
        .filter((r) => r.type === "eks:index:Cluster")
        .map((r) => {
            const version = String(r.inputs.version ?? "");
            const calendar = EKS_VERSIONS.find((v) => v.version === version);
            const extended = calendar !== undefined && PRICES_DATE >= calendar.endOfStandardSupport;
            const usd = month(EKS_CONTROL_PLANE_USD_PER_HOUR[extended ? "extended" : "standard"]);
            return {
                category: "control plane",
                item: `EKS control plane ${r.name}`,
                detail: extended
                    ? `Kubernetes ${version}, extended support (standard support ended ${calendar.endOfStandardSupport})`
                    : `Kubernetes ${version}, standard support`,
                monthlyUsd: usd,
                atMaxUsd: usd,
            };
        });
}

/**
 * A group's nodes at its desired size and at its maximum: `maxSize`, or, when a Karpenter NodePool
 * provisions its pods, what the NodePool's limits hold (tools/offline/node-pool-limits.ts).
 */
function groupNodes(
    resources: readonly RecordedResource[],
    group: RecordedResource,
): { desiredSize: number; maxSize: number } {
    const pool = poolForGroup(resources, (group.inputs.labels ?? {}) as Record<string, string>);
    return {
        desiredSize: Number(field(group.inputs, "scalingConfig", "desiredSize") ?? 0),
        maxSize: pool
            ? pool.maxNodes
            : Number(field(group.inputs, "scalingConfig", "maxSize") ?? 0),
    };
}

/** Node hours and node disks per group; a group of an unpriced type goes to `unpriced`. */
function nodes(resources: readonly RecordedResource[], unpriced: string[]): CostLine[] {
    return resources
        .filter((r) => r.type === "eks:index:ManagedNodeGroup")
        .flatMap((r): CostLine[] => {
            // Where Karpenter provisions the group's pods, its NodePool's limits set the maximum
            // (tools/offline/node-pool-limits.ts), priced at the pool's first instance type.
            const pool = poolForGroup(resources, (r.inputs.labels ?? {}) as Record<string, string>);
            const type = pool
                ? (pool.instanceTypes[0] ?? "")
                : String(((r.inputs.instanceTypes ?? []) as string[])[0] ?? "");
            const capacityType = pool
                ? pool.capacityType
                : String(r.inputs.capacityType ?? "ON_DEMAND");
            const { desiredSize: desired, maxSize: max } = groupNodes(resources, r);
            const disk = Number(r.inputs.diskSize ?? 20);
            const onDemand = EC2_ON_DEMAND_USD_PER_HOUR.get(type);
            const disks: CostLine = {
                category: "volumes",
                item: `node disks ${r.name}`,
                detail: `${disk} GB gp3 per node`,
                monthlyUsd: disk * EBS_GP3_USD_PER_GB_MONTH * desired,
                atMaxUsd: disk * EBS_GP3_USD_PER_GB_MONTH * max,
            };
            if (onDemand === undefined) {
                unpriced.push(`node group ${r.name}: ${type}`);
                return [disks];
            }
            const hourly = capacityType === "SPOT" ? onDemand * SPOT_SHARE_OF_ON_DEMAND : onDemand;
            return [
                {
                    category: "nodes",
                    item: `nodes ${r.name}`,
                    detail: `${desired} (max ${max}${pool ? `, NodePool ${pool.pool} limits` : ""}) x ${type} ${capacityType}`,
                    monthlyUsd: month(hourly, desired),
                    atMaxUsd: month(hourly, max),
                },
                disks,
            ];
        });
}

/**
 * Node hours and disks of the NodePools no managed group stands for: the nodes their workloads need
 * at minimum replicas (`poolNodes`) and, at the maximum, what their limits hold, priced at the pool's
 * first instance type (spot at the table's share of on-demand) with the EC2NodeClass's volume size.
 */
function poolNodeLines(
    resources: readonly RecordedResource[],
    poolNodes: ReadonlyMap<string, number>,
    unpriced: string[],
): CostLine[] {
    return standalonePools(resources).flatMap((r): CostLine[] => {
        const pool = poolMaximum(r);
        const type = pool.instanceTypes[0] ?? "";
        const desired = poolNodes.get(pool.pool) ?? 0;
        const max = pool.maxNodes;
        const nodeClass = resources.find(
            (c) =>
                c.type === "kubernetes:karpenter.k8s.aws/v1:EC2NodeClass" &&
                field(c.inputs, "metadata", "name") === pool.pool,
        );
        const mapping = nodeClass
            ? (field(nodeClass.inputs, "spec", "blockDeviceMappings") as unknown[] | undefined)
            : undefined;
        const volume = Array.isArray(mapping) ? field(mapping[0], "ebs", "volumeSize") : undefined;
        const disk = (parseQuantity(volume) ?? 20 * GiB) / GiB;
        const disks: CostLine = {
            category: "volumes",
            item: `node disks NodePool ${pool.pool}`,
            detail: `${disk} GB gp3 per node`,
            monthlyUsd: disk * EBS_GP3_USD_PER_GB_MONTH * desired,
            atMaxUsd: disk * EBS_GP3_USD_PER_GB_MONTH * max,
        };
        const onDemand = EC2_ON_DEMAND_USD_PER_HOUR.get(type);
        if (onDemand === undefined) {
            unpriced.push(`NodePool ${pool.pool}: ${type}`);
            return [disks];
        }
        const hourly = pool.capacityType === "SPOT" ? onDemand * SPOT_SHARE_OF_ON_DEMAND : onDemand;
        return [
            {
                category: "nodes",
                item: `nodes NodePool ${pool.pool}`,
                detail: `${desired} (max ${max}, limits ${pool.limits.cpu} CPU ${pool.limits.memoryGiB} GiB) x ${type} ${pool.capacityType}`,
                monthlyUsd: month(hourly, desired),
                atMaxUsd: month(hourly, max),
            },
            disks,
        ];
    });
}

/** Load balancers the program asks for: Services of type LoadBalancer (NLBs) and ALB Ingresses. */
function loadBalancers(resources: readonly RecordedResource[]): CostLine[] {
    const nlbs = resources.filter(
        (r) =>
            r.type === "kubernetes:core/v1:Service" &&
            field(r.inputs, "spec", "type") === "LoadBalancer",
    );
    const albs = resources.filter(
        (r) =>
            /^kubernetes:networking\.k8s\.io\/v1(beta1)?:Ingress$/.test(r.type) &&
            field(r.inputs, "spec", "ingressClassName") === "alb",
    );
    return [
        ...nlbs.map((r) => ({ r, kind: "nlb" as const })),
        ...albs.map((r) => ({ r, kind: "alb" as const })),
    ].map(({ r, kind }) => {
        const usd = month(LOAD_BALANCER_USD_PER_HOUR[kind]);
        return {
            category: "load balancers",
            item: `${kind.toUpperCase()} ${r.name}`,
            detail: "hours only (LCUs not estimated)",
            monthlyUsd: usd,
            atMaxUsd: usd,
        };
    });
}

/** Gigabytes of a Kubernetes storage quantity (`100Gi`). */
const gb = (size: string) => (parseQuantity(size) ?? 0) / GiB;

/** The monthly estimate of a stack's recorded resources. */
export function estimateCost(
    resources: readonly RecordedResource[],
    settings: CostSettings = {},
): CostEstimate {
    const unpriced: string[] = [];
    const lines: CostLine[] = [
        ...controlPlane(resources),
        ...nodes(resources, unpriced),
        ...poolNodeLines(resources, settings.poolNodes ?? new Map(), unpriced),
    ];
    const nat = resources.filter((r) => r.type === "aws:ec2/natGateway:NatGateway").length;
    if (nat > 0) {
        const usd = month(NAT_GATEWAY_USD_PER_HOUR, nat);
        lines.push({
            category: "nat gateways",
            item: "NAT gateways",
            detail: `${nat} x hours (data processing not estimated)`,
            monthlyUsd: usd,
            atMaxUsd: usd,
        });
    }
    lines.push(...loadBalancers(resources));
    for (const s of storeCapacity(resources)) {
        if (s.monthlyUsd === undefined) {
            unpriced.push(`data store ${s.name}: ${s.instanceClass}`);
            continue;
        }
        lines.push({
            category: "data stores",
            item: s.name,
            detail: `${s.nodes} x ${s.instanceClass}${s.storageGiB ? `, ${s.storageGiB} GB gp3` : ""}`,
            monthlyUsd: s.monthlyUsd,
            atMaxUsd: s.monthlyUsd,
        });
    }
    const m = settings.monitoring;
    if (m) {
        for (const [name, spec] of [
            ["Prometheus", m.prometheus],
            ["Alertmanager", m.alertmanager],
        ] as const) {
            const usd = gb(spec.storageSize) * spec.replicas * EBS_GP3_USD_PER_GB_MONTH;
            lines.push({
                category: "volumes",
                item: `${name} volumes`,
                detail: `${spec.replicas} x ${spec.storageSize} gp3`,
                monthlyUsd: usd,
                atMaxUsd: usd,
            });
        }
    }
    const clusters = lines.filter((l) => l.category === "control plane").length;
    const groups = resources.filter((r) => r.type === "eks:index:ManagedNodeGroup");
    const pools = standalonePools(resources).map(poolMaximum);
    const poolNodes = settings.poolNodes ?? new Map<string, number>();
    const nodeCount = (key: "desiredSize" | "maxSize") =>
        groups.reduce((s, r) => s + groupNodes(resources, r)[key], 0) +
        pools.reduce(
            (s, p) => s + (key === "maxSize" ? p.maxNodes : (poolNodes.get(p.pool) ?? 0)),
            0,
        );
    const logGb = (n: number) =>
        clusters * ASSUMED_LOG_GB_PER_MONTH.controlPlane +
        (settings.logging ? n * ASSUMED_LOG_GB_PER_MONTH.perNode : 0);
    if (clusters > 0) {
        lines.push({
            category: "logs",
            item: "CloudWatch Logs ingestion",
            detail: `assumed ${logGb(nodeCount("desiredSize"))} GB (control plane${settings.logging ? " and containers" : ""})`,
            monthlyUsd: logGb(nodeCount("desiredSize")) * CLOUDWATCH_LOGS_USD_PER_GB,
            atMaxUsd: logGb(nodeCount("maxSize")) * CLOUDWATCH_LOGS_USD_PER_GB,
        });
    }
    return {
        date: PRICES_DATE,
        region: PRICES_REGION,
        lines,
        totals: {
            monthlyUsd: lines.reduce((s, l) => s + l.monthlyUsd, 0),
            atMaxUsd: lines.reduce((s, l) => s + l.atMaxUsd, 0),
        },
        unpriced,
    };
}
