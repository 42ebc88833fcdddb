/**
 * The EC2 vCPU quotas a stack's node groups and Karpenter NodePools draw on, and how many vCPUs each
 * needs when every group runs at its `maxSize` and every NodePool at its limits. EC2 counts running instances (and open Spot requests) against one quota per
 * instance-family bucket and purchase option, in vCPUs, per account and region; a new account often
 * starts at 0 for G and P instances, and an Auto Scaling group over its quota just fails to launch
 * (`VcpuLimitExceeded`, `MaxSpotInstanceCountExceeded`), so the node group never gets its nodes.
 *
 * Sources: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/using-spot-limits.html (the Spot quota
 * names, counted in vCPUs; default 0 for "All G and VT Spot Instance Requests", 5 for Standard), the
 * AWS CLI reference of `aws service-quotas get-service-quota` (its example is L-1216C47A, the On-Demand
 * Standard quota) and the EC2 quota codes as Service Quotas lists them
 * (`aws service-quotas list-service-quotas --service-code ec2`; docs/operations.md shows how to check).
 */
import { INSTANCE_TYPES } from "./instance-types";
import { parseQuantity } from "../lib/kubernetes";
import { ownValue } from "../lib/records";

/** One EC2 vCPU quota: its Service Quotas code and name. */
export interface VcpuQuota {
    readonly code: string;
    readonly name: string;
}

/** The quota buckets of the instance families in schemas/instance-types.ts, per purchase option. */
const BUCKETS: readonly {
    readonly families: RegExp;
    readonly ON_DEMAND: VcpuQuota;
    readonly SPOT: VcpuQuota;
}[] = [
    {
        families: /^(g|vt)\d/,
        ON_DEMAND: { code: "L-DB2E81BA", name: "Running On-Demand G and VT instances" },
        SPOT: { code: "L-3819A6DF", name: "All G and VT Spot Instance Requests" },
    },
    {
        families: /^p\d/,
        ON_DEMAND: { code: "L-417A185B", name: "Running On-Demand P instances" },
        SPOT: { code: "L-7212CCBC", name: "All P Spot Instance Requests" },
    },
    {
        families: /^[acdhimrtz]\d/,
        ON_DEMAND: {
            code: "L-1216C47A",
            name: "Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances",
        },
        SPOT: {
            code: "L-34B43A08",
            name: "All Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests",
        },
    },
];

/** The quota an instance type counts against for a purchase option, or undefined for other families. */
export function quotaOf(
    instanceType: string,
    capacityType: "ON_DEMAND" | "SPOT",
): VcpuQuota | undefined {
    return BUCKETS.find((b) => b.families.test(instanceType))?.[capacityType];
}

/** What the quota check reads of a node group. */
interface QuotaGroup {
    readonly instanceTypes: readonly string[];
    readonly capacityType: "ON_DEMAND" | "SPOT";
    readonly maxSize: number;
}

/** What the quota check reads of a Karpenter NodePool. */
interface QuotaPool {
    readonly instanceTypes: readonly string[];
    readonly capacityTypes: readonly ("on-demand" | "spot")[];
    readonly limits: { readonly cpu: string };
}

/** vCPUs one quota must allow for the stack's node groups and NodePools at their maximum. */
export interface VcpuNeed extends VcpuQuota {
    readonly vcpus: number;
    /**
     * The node groups counted, as `<group> (<maxSize> x <type>)`, and the NodePools, as
     * `<pool> (NodePool, limits.cpu <n>)`.
     */
    readonly groups: readonly string[];
}

/**
 * vCPUs each EC2 quota needs so that every node group can reach its `maxSize` and every NodePool its
 * limits at once: per group `maxSize` x the vCPUs of its largest instance type (any of them may be
 * launched); per NodePool its `limits.cpu` (Karpenter launches no node that would take the pool's
 * summed capacity past its limits: https://karpenter.sh/docs/concepts/nodepools/#speclimits), in
 * the quota of its largest type for each capacity type it allows. Summed per quota, sorted by quota
 * name; groups and pools with an instance type missing from the table are left out (the config
 * refuses them).
 *
 * @default nodePools {}
 */
export function vcpuQuotaNeeds(
    nodeGroups: Readonly<Record<string, QuotaGroup>>,
    nodePools: Readonly<Record<string, QuotaPool>> = {},
): VcpuNeed[] {
    const needs = new Map<string, { quota: VcpuQuota; vcpus: number; groups: string[] }>();
    const add = (quota: VcpuQuota | undefined, vcpus: number, label: string) => {
        if (quota === undefined) {
            return;
        }
        const need = needs.get(quota.code) ?? { quota, vcpus: 0, groups: [] };
        need.vcpus += vcpus;
        need.groups.push(label);
        needs.set(quota.code, need);
    };
    const largestOf = (types: readonly string[]) => {
        const facts = types.map((t) => ({ type: t, facts: ownValue(INSTANCE_TYPES, t) }));
        if (facts.length === 0 || facts.some((f) => f.facts === undefined)) {
            return undefined;
        }
        const largest = [...facts].sort((a, b) => b.facts!.vcpu - a.facts!.vcpu)[0];
        return { type: largest.type, vcpu: largest.facts!.vcpu };
    };
    for (const [name, g] of Object.entries(nodeGroups)) {
        const largest = largestOf(g.instanceTypes);
        if (largest !== undefined) {
            add(
                quotaOf(largest.type, g.capacityType),
                g.maxSize * largest.vcpu,
                `${name} (${g.maxSize} x ${largest.type})`,
            );
        }
    }
    for (const [name, p] of Object.entries(nodePools)) {
        const largest = largestOf(p.instanceTypes);
        const cpu = Math.floor(parseQuantity(p.limits.cpu) ?? 0);
        for (const c of largest === undefined ? [] : p.capacityTypes) {
            add(
                quotaOf(largest!.type, c === "spot" ? "SPOT" : "ON_DEMAND"),
                cpu,
                `${name} (NodePool, limits.cpu ${cpu})`,
            );
        }
    }
    return [...needs.values()]
        .map((n) => ({ ...n.quota, vcpus: n.vcpus, groups: n.groups }))
        .sort((a, b) => a.name.localeCompare(b.name));
}
