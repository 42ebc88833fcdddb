/**
 * Runs the policy pack's own checks over the add-on charts' workloads ({@link addonWorkloads}) with a
 * stack's policy config, the way the engine would over the rendered charts.
 */
import * as fs from "fs";
import * as path from "path";

import {
    addonWorkloads,
    chartWorkloadManifests,
    Manifest,
    meshWideStrictMtls,
} from "../../components/addons";
import { buildNodePool } from "../../components/karpenter/node-pools";
import { schedulingTargets } from "../../components/karpenter/node-provisioning";
import { parsePlatformConfig } from "../../config";
import { kubernetesTypeToken } from "../../lib/kubernetes";
import { policies } from "../../policies/policies";
import { rawStack } from "./config";
import { runResourcePolicy, runStackPolicy, StackInput } from "./policy";

/** One policy's settings in a stack's policy config. */
export interface PolicySettings {
    readonly level: string;
    readonly config: Record<string, unknown>;
}

/** The stack's policy config (`policies/config/<stack>.json`) as level and knobs per policy. */
export function policySettings(stack: string): Record<string, PolicySettings> {
    const raw = JSON.parse(
        fs.readFileSync(path.resolve(__dirname, `../../policies/config/${stack}.json`), "utf8"),
    ) as Record<string, unknown>;
    const all = String(raw.all ?? "advisory");
    return Object.fromEntries(
        policies.map((p) => {
            const entry = raw[p.name];
            if (typeof entry === "string") {
                return [p.name, { level: entry, config: {} }];
            }
            const { enforcementLevel, ...config } = (entry ?? {}) as Record<string, unknown>;
            return [p.name, { level: String(enforcementLevel ?? all), config }];
        }),
    );
}

/** The name index.ts gives ClusterAddons: the prefix of every release (tests/stacks check it). */
export const ADDONS_NAME = "platform-addons";

/** The add-on workloads of a committed stack, as ClusterAddons would install them. */
export function stackAddonWorkloads(stack: "staging" | "production") {
    const config = parsePlatformConfig(rawStack(stack));
    return {
        workloads: addonWorkloads({
            ...config.addons,
            releasePrefix: ADDONS_NAME,
            nodeGroups: schedulingTargets(config.cluster.nodeGroups, config.karpenter),
            highAvailability: stack === "production",
            ingressGateway: config.ingress.enabled ? config.ingress : undefined,
        }),
        nodeGroups: [
            ...Object.entries(config.cluster.nodeGroups).map(([name, g]): StackInput => ({
                type: "eks:index:ManagedNodeGroup",
                name,
                props: { nodeGroupName: name, labels: g.labels, taints: g.taints },
            })),
            ...(config.karpenter.enabled ? Object.entries(config.karpenter.nodePools) : []).map(
                ([name, p]): StackInput => ({
                    type: "kubernetes:karpenter.sh/v1:NodePool",
                    name,
                    props: buildNodePool(name, p),
                }),
            ),
        ],
    };
}

/** Every finding (any enforcement level but disabled) of the pack on these manifests: `policy: message`. */
export async function packFindings(
    manifests: readonly Manifest[],
    nodeGroups: StackInput[],
    settings: Record<string, PolicySettings>,
): Promise<string[]> {
    const found: string[] = [];
    const active = policies.filter((p) => settings[p.name]?.level !== "disabled");
    for (const m of manifests) {
        const type = kubernetesTypeToken(m.apiVersion, m.kind);
        for (const p of active) {
            if ("validateResource" in p && p.validateResource) {
                const r = await runResourcePolicy(
                    p,
                    type,
                    m,
                    settings[p.name].config,
                    m.metadata.name,
                );
                if (Array.isArray(r)) {
                    found.push(...r.map((msg) => `${p.name}: ${msg}`));
                }
            }
        }
    }
    const stackInputs: StackInput[] = [
        ...nodeGroups,
        ...manifests.map((m) => ({
            type: kubernetesTypeToken(m.apiVersion, m.kind),
            name: `${m.metadata.namespace}-${m.kind}-${m.metadata.name}`,
            props: m,
        })),
    ];
    for (const p of active) {
        if ("validateStack" in p) {
            const r = await runStackPolicy(p, stackInputs, settings[p.name].config);
            found.push(...r.map(([, msg]) => `${p.name}: ${msg}`));
        }
    }
    return found;
}

/**
 * Manifests (workload, HPA, PDB) of all of a stack's add-on workloads, with the mesh-wide STRICT
 * PeerAuthentication ClusterAddons installs with Istio (it covers the meshed ingress gateway).
 */
export function manifestsOf(workloads: ReturnType<typeof addonWorkloads>): Manifest[] {
    return [...workloads.flatMap((w) => chartWorkloadManifests(w)), meshWideStrictMtls()];
}
