/**
 * The target architecture's cost table ("Monthly Infrastructure Costs", Kubernetes column): what the
 * platform was planned to cost in production, line by line, beside the estimate of the production
 * stack. Mapped by category: the seed has no NAT gateway or volume lines, and its "service mesh" line
 * has no resource of its own here (sidecars, istiod and the gateway run on the node groups, and are in
 * the node lines).
 */
import { CostCategory, CostEstimate } from "./cost";

/** One seed line with the estimate's categories that answer it. */
export interface SeedCostLine {
    readonly label: string;
    readonly seedUsd: number;
    readonly categories: readonly CostCategory[];
    readonly note?: string;
}

/** The seed's production cost table (USD a month; total $7,120). */
export const SEED_COSTS: readonly SeedCostLine[] = [
    { label: "EKS cluster", seedUsd: 220, categories: ["control plane"] },
    { label: "Worker nodes (auto-scaled)", seedUsd: 4200, categories: ["nodes"] },
    { label: "Load balancers (ALB)", seedUsd: 150, categories: ["load balancers"] },
    { label: "Databases (per-service)", seedUsd: 1800, categories: ["data stores"] },
    {
        label: "Service mesh",
        seedUsd: 300,
        categories: [],
        note: "in the node lines: sidecars, istiod and the gateway run on the nodes",
    },
    {
        label: "Monitoring (Prometheus/Grafana)",
        seedUsd: 450,
        categories: ["logs"],
        note: "with the Prometheus and Alertmanager volumes",
    },
    {
        label: "Not in the seed",
        seedUsd: 0,
        categories: ["nat gateways"],
        note: "NAT gateways and node disks",
    },
];

/** One row of the comparison: the seed's figure and the estimate's, at the desired size. */
export interface SeedComparisonRow {
    readonly label: string;
    readonly seedUsd: number;
    readonly estimateUsd: number;
    readonly note?: string;
}

/** The estimate beside the seed's table, line by line, with the totals last. */
export function compareWithSeed(estimate: CostEstimate): SeedComparisonRow[] {
    const sum = (pick: (l: CostEstimate["lines"][number]) => boolean) =>
        estimate.lines.filter(pick).reduce((s, l) => s + l.monthlyUsd, 0);
    const rows = SEED_COSTS.map((line) => ({
        label: line.label,
        seedUsd: line.seedUsd,
        estimateUsd: sum(
            (l) =>
                line.categories.includes(l.category) ||
                (line.label.startsWith("Monitoring") &&
                    l.category === "volumes" &&
                    /^(Prometheus|Alertmanager) /.test(l.item)) ||
                (line.label === "Not in the seed" && l.item.startsWith("node disks ")),
        ),
        note: line.note,
    }));
    return [
        ...rows,
        {
            label: "Total",
            seedUsd: SEED_COSTS.reduce((s, l) => s + l.seedUsd, 0),
            estimateUsd: estimate.totals.monthlyUsd,
        },
    ];
}
