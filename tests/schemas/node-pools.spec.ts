/**
 * The `karpenter` key: NodePools that Karpenter v1 accepts and that keep the controller off its own
 * nodes. Exact messages for each rule; generated budgets and durations against the v1 API's patterns.
 */
import * as assert from "assert";
import fc from "fast-check";

import { parsePlatformConfig } from "../../config";
import { at, listAt } from "../helpers/edit";
import { ConfigCase, configCases, rawStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const pool = (c: Parameters<ConfigCase["mutate"]>[0], name: string) =>
    at(c, "karpenter", "nodePools", name);

const cases: ConfigCase[] = [
    {
        name: "a controller node group that does not exist",
        mutate: (c) => (at(c, "karpenter").controllerNodeGroup = "system"),
        message: `${P}:karpenter.controllerNodeGroup must name a managed node group of cluster.nodeGroups (karpenter), got "system"`,
    },
    {
        name: "the controller on a node group with a taint it does not tolerate",
        mutate: (c) =>
            listAt(c, "cluster", "nodeGroups", "karpenter", "taints").push({
                key: "workload",
                value: "ml",
                effect: "NoSchedule",
            }),
        message: `${P}:karpenter.controllerNodeGroup must name a node group without taints other than CriticalAddonsOnly (the controller tolerates only CriticalAddonsOnly), got "karpenter"`,
    },
    {
        name: "Cluster Autoscaler on with only Karpenter's fixed controller group to scale",
        mutate: (c) =>
            (at(c, "addons").clusterAutoscaler = { version: "9.59.0", imageTag: "v1.35.2" }),
        message: `${P}:addons.clusterAutoscaler.enabled must be false while no managed node group can scale (a group other than Karpenter's controllerNodeGroup with minSize < maxSize): Cluster Autoscaler would have nothing to scale, got true`,
    },
    {
        name: "Cluster Autoscaler scaling a managed group that carries a NodePool's labels",
        mutate: (c) => {
            at(c, "addons").clusterAutoscaler = { version: "9.59.0", imageTag: "v1.35.2" };
            at(c, "cluster", "nodeGroups").spare = {
                instanceTypes: ["t3.medium"],
                minSize: 0,
                maxSize: 3,
                desiredSize: 0,
                labels: { workload: "general" },
            };
        },
        message: `${P}:cluster.nodeGroups.spare must not be scaled by Cluster Autoscaler while Karpenter's NodePool karpenter.nodePools.general provisions the same pods (same node labels): both would launch nodes for them; set its minSize to maxSize, remove the group, or set addons.clusterAutoscaler.enabled to false (docs/nodes.md), got "spare"`,
    },
    {
        name: "Cluster Autoscaler scaling a managed group named like a NodePool",
        mutate: (c) => {
            at(c, "addons").clusterAutoscaler = { version: "9.59.0", imageTag: "v1.35.2" };
            at(c, "cluster", "nodeGroups").ml = {
                instanceTypes: ["c5.xlarge"],
                capacityType: "SPOT",
                minSize: 0,
                maxSize: 3,
                desiredSize: 0,
                labels: { workload: "batch" },
                taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
            };
        },
        message: `${P}:cluster.nodeGroups.ml must not be scaled by Cluster Autoscaler while Karpenter's NodePool karpenter.nodePools.ml provisions the same pods (same name): both would launch nodes for them; set its minSize to maxSize, remove the group, or set addons.clusterAutoscaler.enabled to false (docs/nodes.md), got "ml"`,
    },
    {
        name: "enabled without a version",
        mutate: (c) => delete at(c, "karpenter").version,
        message: `${P}:karpenter.version must be set when karpenter is enabled, got nothing`,
    },
    {
        name: "enabled without NodePools",
        mutate: (c) => (at(c, "karpenter").nodePools = {}),
        message: [
            `${P}:karpenter.nodePools must declare at least one NodePool when karpenter is enabled, got {}`,
            `${P}:cluster.nodeGroups must include a node group without NoSchedule or NoExecute taints: services (inventory, order, shipping, payment, customer) tolerate no taints, so no node can run them, got ["karpenter"]`,
            `${P}:mlWorkloads.ml-prediction.nodeGroup must name a managed node group of cluster.nodeGroups or a NodePool of karpenter.nodePools (karpenter), got "ml"`,
        ].join("\n"),
    },
    {
        name: "a GPU pool without the GPU taint",
        stack: "production",
        mutate: (c) => (pool(c, "gpu").taints = []),
        message: `${P}:karpenter.nodePools.gpu.taints must hold the taint nvidia.com/gpu=true:NoSchedule on a GPU pool, so only pods that ask for GPUs land on its nodes, got []`,
    },
    {
        name: "a capacity type Karpenter does not know",
        mutate: (c) => (pool(c, "ml").capacityTypes = ["SPOT"]),
        message: `${P}:karpenter.nodePools.ml.capacityTypes[0] must be one of "on-demand", "spot", got "SPOT"`,
    },
    {
        name: "a CPU limit finer than a millicore",
        mutate: (c) => (pool(c, "general").limits = { cpu: "0.0001", memory: "64Gi" }),
        message: `${P}:karpenter.nodePools.general.limits.cpu must be a whole number of millicores, at least 1m (the kubelet counts CPU in thousandths of a core and rounds finer values), got "0.0001"`,
    },
    {
        name: "a floating AMI alias other than al2023",
        mutate: (c) => (at(c, "karpenter").amiAlias = "bottlerocket@latest"),
        message: `${P}:karpenter.amiAlias must be al2023@latest or al2023@v<YYYYMMDD>, got "bottlerocket@latest"`,
    },
];

describe("config refuses: Karpenter NodePools", () => {
    configCases(cases);

    it("reads the committed stacks' pools with their defaults", () => {
        const staging = parsePlatformConfig(rawStack("staging"), stackContext("staging"));
        assert.deepStrictEqual(Object.keys(staging.karpenter.nodePools), ["general", "ml"]);
        assert.deepStrictEqual(staging.karpenter.nodePools.general.disruption, {
            consolidationPolicy: "WhenEmptyOrUnderutilized",
            consolidateAfter: "5m",
            budgets: [{ nodes: "10%" }],
        });
        const production = parsePlatformConfig(rawStack("production"), stackContext("production"));
        assert.deepStrictEqual(Object.keys(production.karpenter.nodePools), [
            "general",
            "ml",
            "gpu",
        ]);
    });

    it("a budget's nodes is a count or a percentage up to 100% (generated)", () => {
        fc.assert(
            fc.property(
                fc.oneof(
                    fc.nat({ max: 1000 }).map((n) => ({ nodes: String(n), ok: true })),
                    fc.nat({ max: 200 }).map((n) => ({ nodes: `${n}%`, ok: n <= 100 })),
                    fc
                        .constantFrom("", "-1", "1.5", "10 %", "ten")
                        .map((nodes) => ({ nodes, ok: false })),
                ),
                ({ nodes, ok }) => {
                    const raw = rawStack("staging");
                    pool(raw, "ml").disruption = { budgets: [{ nodes }] };
                    let message = "ok";
                    try {
                        parsePlatformConfig(raw, stackContext("staging"));
                    } catch (e) {
                        message = (e as Error).message;
                    }
                    assert.strictEqual(
                        message,
                        ok
                            ? "ok"
                            : `${P}:karpenter.nodePools.ml.disruption.budgets[0].nodes must be a count like 1 or a percentage like 10%, got ${JSON.stringify(nodes)}`,
                    );
                },
            ),
            { numRuns: 40 },
        );
    });
});
