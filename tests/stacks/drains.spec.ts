/**
 * Guard (issue "first `pulumi up`", point 8): no add-on carries a PodDisruptionBudget that blocks every
 * node drain. Cluster Autoscaler removes a node only by evicting its pods, and a PDB that allows zero
 * disruptions (`minAvailable: 1` over one replica) makes every node it runs on unremovable.
 * Two views: the add-on workloads as the charts render them (components/addons/workloads.ts), and every
 * disruption budget setting in any chart's values of the evaluated stack.
 * Chart defaults checked for PDBs we do not set: FairwindsOps/charts stable/vpa 4.8.0
 * templates/*-pdb.yaml (only when replicaCount > 1); kubernetes/autoscaler charts/cluster-autoscaler
 * 9.51.0 values.yaml (`podDisruptionBudget.maxUnavailable: 1`).
 */
import * as assert from "assert";

import { ChartWorkload } from "../../components/addons";
import { stackAddonWorkloads } from "../helpers/addon-workloads";
import { evaluatedStack } from "../helpers/stack-evaluation";

/** Pods the PDB lets a drain evict at the smallest replica count (DaemonSets are never drained). */
function allowedDisruptions(w: ChartWorkload): number | undefined {
    if (!w.pdb || w.kind === "DaemonSet") {
        return undefined;
    }
    const replicas = w.hpa?.minReplicas ?? w.replicas ?? 1;
    return w.pdb.maxUnavailable ?? replicas - (w.pdb.minAvailable ?? 0);
}

/** Every object under a `podDisruptionBudget`-like key of chart values, with its path. */
function budgets(values: unknown, path = ""): [string, Record<string, unknown>][] {
    if (typeof values !== "object" || values === null) {
        return [];
    }
    return Object.entries(values as Record<string, unknown>).flatMap(([k, v]) => {
        const here = path ? `${path}.${k}` : k;
        if (/podDisruptionBudget$/i.test(k) && typeof v === "object" && v !== null) {
            return [[here, v as Record<string, unknown>] as [string, Record<string, unknown>]];
        }
        return budgets(v, here);
    });
}

describe("disruption budgets of the add-ons", () => {
    for (const stack of ["staging", "production"] as const) {
        it(`${stack}: every add-on workload's PDB lets a drain evict at least one pod`, () => {
            const blocking = stackAddonWorkloads(stack)
                .workloads.filter((w) => (allowedDisruptions(w) ?? 1) < 1)
                .map((w) => `${w.namespace}/${w.name}`);
            assert.deepStrictEqual(blocking, []);
        });
    }

    it("staging: every disruption budget in any chart's values is off or uses maxUnavailable", async () => {
        const { recorder } = await evaluatedStack("staging");
        const charts = [
            ...recorder.ofType("kubernetes:helm.sh/v4:Chart"),
            ...recorder.ofType("kubernetes:helm.sh/v3:Release"),
        ];
        const found = charts.flatMap((c) =>
            budgets(c.inputs.values).map(([path, b]) => [`${c.name}: ${path}`, b] as const),
        );
        assert.ok(found.length > 0, "the charts' values set disruption budgets");
        const blocking = found
            .filter(([, b]) => b.enabled !== false && Object.keys(b).length > 0)
            .filter(([, b]) => b.maxUnavailable === undefined || Number(b.maxUnavailable) < 1)
            .map(([where]) => where);
        assert.deepStrictEqual(blocking, []);
    });

    it("counts a minAvailable 1 PDB over one replica as blocking (the guard can fail)", () => {
        const w: ChartWorkload = {
            kind: "Deployment",
            name: "x",
            namespace: "n",
            labels: {},
            replicas: 1,
            pdb: { minAvailable: 1 },
            podSpec: {},
        };
        assert.deepStrictEqual(
            [allowedDisruptions(w), allowedDisruptions({ ...w, replicas: 2 })],
            [0, 1],
        );
    });
});
