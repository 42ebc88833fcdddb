/**
 * Every workload the add-on charts run, as {@link ChartWorkload}s, for the settings ClusterAddons
 * receives: each registered add-on that is switched on contributes its own model
 * (`workloads` of the add-on contract, core/contract.ts), in registry order. Pure: tests and the offline checks run the policy pack
 * and the capacity model on these, since mocks never render a chart.
 */
import type { NodeGroupScheduling } from "../cluster/spec";
import { ChartWorkload, releaseName } from "./core/chart";
import type { AddonWorkloadContext } from "./core/contract";
import { ADDONS, AddonSettings } from "./registry";

/** The plain (non-Output) part of ClusterAddonsArgs that decides the charts' workloads. */
export type AddonWorkloadsArgs = AddonSettings & {
    /**
     * The ClusterAddons name: every release is named `<releasePrefix>-<add-on>` ({@link releaseName}),
     * and most charts name their objects after the release.
     */
    readonly releasePrefix: string;
    /** Run control-plane add-ons with two replicas and disruption budgets. */
    readonly highAvailability: boolean;
    /** The cluster's node groups by name (scheduling only). */
    readonly nodeGroups: Readonly<Record<string, NodeGroupScheduling>>;
};

/** An add-on of any settings, as this module calls it. */
type AnyAddon = {
    readonly name: string;
    enabled(settings: unknown): boolean;
    workloads?(settings: unknown, context: AddonWorkloadContext): ChartWorkload[];
};

/** The workloads of every enabled add-on, in registry order (an add-on without a model runs none). */
export function addonWorkloads(args: AddonWorkloadsArgs): ChartWorkload[] {
    const registry = ADDONS as readonly unknown[] as readonly AnyAddon[];
    const settingsOf = (name: string): unknown => (args as Readonly<Record<string, unknown>>)[name];
    const enabled = new Map(registry.map((a) => [a.name, a.enabled(settingsOf(a.name))]));
    const context: AddonWorkloadContext = {
        release: (id) => releaseName(args.releasePrefix, id),
        highAvailability: args.highAvailability,
        nodeGroups: args.nodeGroups,
        isEnabled: (name) => {
            if (!enabled.has(name)) {
                throw new Error(
                    `an add-on's workload model asked about "${name}", which is not registered`,
                );
            }
            return enabled.get(name)!;
        },
    };
    return registry.flatMap((a) =>
        enabled.get(a.name) && a.workloads ? a.workloads(settingsOf(a.name), context) : [],
    );
}
