/**
 * The offline capacity check: per node group at its minimum and autoscaled maximum, workloads with
 * their Istio sidecars, every add-on workload placed on the group, DaemonSets once per node, and pods
 * against the VPC CNI's pods per node.
 */
import * as assert from "assert";

import type { ChartWorkload } from "../../../components/addons/core/chart";
import { parsePlatformConfig } from "../../../config";
import { ALLOCATABLE_SHARE, checkCapacity } from "../../../tools/offline/capacity";
import { capacityInputs } from "../../../tools/offline/capacity-inputs";
import { RecordedResource } from "../../../tools/offline/mocks";
import { rawStack } from "../../helpers/config";
import { evaluatedStack } from "../../helpers/stack-evaluation";

function recorded(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
    return {
        urn: `urn:pulumi:test::p::${type}::${name}`,
        type,
        name,
        inputs,
        provider: "",
        custom: true,
        remote: false,
        version: "",
        protect: false,
        ignoreChanges: [],
        dependencies: [],
        aliases: [],
    };
}

const group = (maxSize: number, minSize = 1, types = ["t3.large", "t3.medium"], name = "general") =>
    recorded("eks:index:ManagedNodeGroup", name, {
        instanceTypes: types,
        scalingConfig: { minSize, maxSize, desiredSize: minSize },
        labels: { workload: name },
        taints: name === "general" ? [] : [{ key: "workload", value: name, effect: "NO_SCHEDULE" }],
    });

const namespace = (labels: Record<string, string>) =>
    recorded("kubernetes:core/v1:Namespace", "apps-ns", { metadata: { name: "apps", labels } });

const deployment = (
    replicas: number,
    cpu: string,
    podLabels: Record<string, string> = {},
    memory = "1Gi",
) =>
    recorded("kubernetes:apps/v1:Deployment", "api", {
        metadata: { name: "api", namespace: "apps" },
        spec: {
            replicas,
            template: {
                metadata: { labels: podLabels },
                spec: {
                    containers: [{ name: "api", resources: { requests: { cpu, memory } } }],
                },
            },
        },
    });

const addon = (kind: ChartWorkload["kind"], cpu: string, tolerations: unknown[] = []) =>
    ({
        kind,
        name: kind === "DaemonSet" ? "agent" : "controller",
        namespace: "kube-system",
        labels: {},
        replicas: kind === "DaemonSet" ? undefined : 2,
        podSpec: { tolerations, containers: [{ name: "c", resources: { requests: { cpu } } }] },
    }) satisfies ChartWorkload;

const SIDECAR = { cpu: "100m", memory: "128Mi" };

describe("capacity check", () => {
    it("counts maxSize nodes of the smallest instance type, and minSize nodes at the minimum", () => {
        const [g] = checkCapacity([group(4, 1), deployment(2, "500m")]);
        assert.deepStrictEqual(
            [g.group, g.maxNodes, g.capacity, g.requested, g.atMinimum.nodes, g.warning],
            [
                "general",
                4,
                { cpu: 4 * 2 * ALLOCATABLE_SHARE, memoryGiB: 4 * 4 * ALLOCATABLE_SHARE },
                { cpu: 1, memoryGiB: 2 },
                1,
                undefined,
            ],
        );
    });

    it("adds the mesh's sidecar requests to every pod istiod injects", () => {
        const meshed = checkCapacity(
            [group(4), namespace({ "istio-injection": "enabled" }), deployment(2, "500m")],
            { addonWorkloads: [], sidecarRequests: SIDECAR },
        )[0];
        assert.deepStrictEqual(
            [meshed.requested, meshed.sidecars, meshed.workloads[0].sidecar],
            [{ cpu: 1.2, memoryGiB: 2.25 }, { pods: 2, cpu: 0.2, memoryGiB: 0.25 }, true],
        );
        // The pod's own label wins over the namespace's; a namespace without injection gets none.
        const optedOut = checkCapacity(
            [
                group(4),
                namespace({ "istio-injection": "enabled" }),
                deployment(2, "500m", { "sidecar.istio.io/inject": "false" }),
            ],
            { addonWorkloads: [], sidecarRequests: SIDECAR },
        )[0];
        const plain = checkCapacity([group(4), namespace({}), deployment(2, "500m")], {
            addonWorkloads: [],
            sidecarRequests: SIDECAR,
        })[0];
        assert.deepStrictEqual([optedOut.requested.cpu, plain.requested.cpu], [1, 1]);
    });

    it("places add-on workloads by their tolerations, and DaemonSets once per node", () => {
        const groups = checkCapacity([group(4, 2), group(3, 1, ["c5.xlarge"], "ml")], {
            addonWorkloads: [
                addon("Deployment", "100m"),
                addon("DaemonSet", "50m", [{ operator: "Exists" }]),
            ],
        });
        assert.deepStrictEqual(
            groups.map((g) => [
                g.group,
                g.workloads.map((w) => `${w.name} ${w.source} ${w.replicas}`),
                g.daemonSets.map((d) => d.name),
                Number(g.atMinimum.requested.cpu.toFixed(3)),
                Number(g.atMaximum.requested.cpu.toFixed(3)),
                g.atMaximum.requested.pods,
            ]),
            [
                [
                    "general",
                    ["kube-system/controller add-on 2"],
                    ["kube-system/agent"],
                    0.3,
                    0.4,
                    6,
                ],
                ["ml", [], ["kube-system/agent"], 0.05, 0.15, 3],
            ],
        );
    });

    it("holds pods to the VPC CNI's pods per node: an error in production, a warning elsewhere", () => {
        // t3.medium: 3 ENIs x (6 - 1) + 2 = 17 pods per node; 2 nodes hold 34.
        const resources = [group(2, 1, ["t3.medium"]), deployment(40, "10m", {}, "16Mi")];
        const staging = checkCapacity(resources)[0];
        const production = checkCapacity(resources, { addonWorkloads: [], production: true })[0];
        assert.deepStrictEqual(
            [staging.perNode.pods, staging.atMaximum.capacity.pods, staging.severity],
            [17, 34, "warning"],
        );
        assert.strictEqual(production.severity, "error");
        assert.strictEqual(
            production.warning,
            "node group general cannot hold its workloads at maximum scale: 40 > 34 pods (max 17 per node, VPC CNI) on 2 x t3.medium (maxSize); requests include 0 sidecar(s) (0.0 vCPU) and 0 DaemonSet pod(s) per node; largest: apps/api (40 x, 0.4 vCPU)",
        );
    });

    it("a Karpenter NodePool's limits, not the group's maxSize, set the maximum of the group it provisions", () => {
        // Limits 8 vCPU / 20 GiB hold min(8 / 2, 20 / 4) = 4 nodes of the smallest type (t3.medium:
        // 2 vCPU, 4 GiB), where the group's maxSize would allow 10.
        const pool = recorded("kubernetes:karpenter.sh/v1:NodePool", "general-pool", {
            metadata: { name: "general" },
            spec: {
                template: {
                    metadata: { labels: { workload: "general" } },
                    spec: {
                        requirements: [
                            { key: "karpenter.sh/capacity-type", operator: "In", values: ["spot"] },
                            {
                                key: "node.kubernetes.io/instance-type",
                                operator: "In",
                                values: ["m5.large", "t3.medium"],
                            },
                        ],
                    },
                },
                limits: { cpu: "8", memory: "20Gi" },
            },
        });
        const [g] = checkCapacity([group(10, 1), pool, deployment(20, "500m")]);
        assert.deepStrictEqual(
            [g.maxNodes, g.nodePool, g.instanceTypes, g.capacityType, g.minNodes, g.capacity.cpu],
            [
                4,
                { name: "general", limits: { cpu: 8, memoryGiB: 20 } },
                ["m5.large", "t3.medium"],
                "SPOT",
                1,
                4 * 2 * ALLOCATABLE_SHARE,
            ],
        );
        assert.strictEqual(
            g.warning,
            `node group general cannot hold its workloads at maximum scale: 10.0 > ${(8 * ALLOCATABLE_SHARE).toFixed(1)} vCPU, 20.0 > ${(16 * ALLOCATABLE_SHARE).toFixed(1)} GiB on 4 x m5.large/t3.medium (NodePool general limits: 8.0 vCPU, 20.0 GiB); requests include 0 sidecar(s) (0.0 vCPU) and 0 DaemonSet pod(s) per node; largest: apps/api (20 x, 10.0 vCPU)`,
        );
        // A NodePool for other labels leaves the group's maxSize alone.
        const other = {
            ...pool,
            inputs: {
                ...pool.inputs,
                spec: { template: { metadata: { labels: { workload: "ml" } } } },
            },
        };
        assert.strictEqual(checkCapacity([group(10, 1), other])[0].maxNodes, 10);
    });

    it("production: counts sidecars, add-ons and DaemonSets; every group holds its maximum", async () => {
        const { recorder } = await evaluatedStack("production");
        const config = parsePlatformConfig(rawStack("production"));
        const groups = checkCapacity(
            recorder.resources,
            capacityInputs(config, recorder.resources),
        );
        assert.deepStrictEqual(
            groups.map((g) => [
                g.group,
                g.maxNodes,
                g.perNode.pods,
                Number(g.atMaximum.requested.cpu.toFixed(3)),
                g.atMaximum.requested.pods,
                g.sidecars.pods,
                g.workloads.filter((w) => w.source === "add-on").length,
                g.daemonSets.length,
                g.warning,
            ]),
            [
                // The only managed group is Karpenter's controller group (2 x t3.medium, 17 pods
                // each): the controller's 2 replicas and the add-ons that tolerate its
                // CriticalAddonsOnly taint (CoreDNS, the EBS CSI controller). Karpenter provisions
                // every pool: the maximum is what the NodePool's limits hold of the smallest type.
                // gpu: 16 vCPU / 64 GiB over 4 / 16 = 4; ml: 40 vCPU / 80 GiB over 4 vCPU / 8 GiB
                // = 10; general: 48 vCPU / 192 GiB over 4 vCPU / 16 GiB = 12 nodes, 70 service pods
                // at 350m (250m + the 100m sidecar), 18 add-on Deployments, 6 DaemonSets on each.
                ["platform-karpenter", 2, 17, 1.83, 18, 0, 3, 6, undefined],
                ["gpu", 4, 58, 4.72, 31, 3, 0, 7, undefined],
                ["ml", 10, 58, 3.05, 60, 0, 0, 6, undefined],
                ["general", 12, 58, 33.8, 175, 70, 18, 6, undefined],
            ],
        );
    });
});
