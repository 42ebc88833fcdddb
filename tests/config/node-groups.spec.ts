/**
 * Node groups Cluster Autoscaler can plan, and GPU groups sized for their workloads: one instance size
 * per autoscaled group, the accelerator label on GPU groups only (with the GPU model of their type), and
 * a GPU group that starts with the nodes its GPU workloads' first replicas need.
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { checkNodeGroupTypes } from "../../schemas/capacity";
import { ACCELERATOR_LABEL, INSTANCE_TYPES } from "../../schemas/instance-types";
import { at, listAt, Plain } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const gpuGroup = (c: Plain) => at(c, "cluster", "nodeGroups", "gpu");
const gpuLabels = (c: Plain) => at(gpuGroup(c), "labels");

const cases: ConfigCase[] = [
    {
        name: "two taints with one key and effect",
        stack: "production",
        mutate: (c) =>
            listAt(c, "cluster", "nodeGroups", "gpu", "taints").push({
                key: "nvidia.com/gpu",
                value: "yes",
                effect: "NoSchedule",
            }),
        message: `${P}:cluster.nodeGroups.gpu.taints[1] must differ from taints[0] in key or effect (Kubernetes keeps one taint per key and effect), got {"key":"nvidia.com/gpu","value":"yes","effect":"NoSchedule"}`,
    },
    {
        name: "an autoscaled group mixing instance sizes (the seed's t3.medium and t3.large)",
        mutate: (c) =>
            (at(c, "cluster", "nodeGroups", "general").instanceTypes = ["t3.medium", "t3.large"]),
        message: `${P}:cluster.nodeGroups.general.instanceTypes must list instance types of one size while Cluster Autoscaler scales the group (it plans every node as the first type): t3.medium has 2 vCPU / 4 GiB, t3.large has 2 vCPU / 8 GiB; use types of equal vCPU and memory (e.g. t3.xlarge and m5.xlarge) or one node group per size, got ["t3.medium","t3.large"]`,
    },
    {
        name: "a GPU group mixing g5.xlarge and g5.2xlarge",
        stack: "production",
        mutate: (c) => (gpuGroup(c).instanceTypes = ["g5.xlarge", "g5.2xlarge"]),
        message: `${P}:cluster.nodeGroups.gpu.instanceTypes must list instance types of one size while Cluster Autoscaler scales the group (it plans every node as the first type): g5.xlarge has 4 vCPU / 16 GiB / 1 GPU, g5.2xlarge has 8 vCPU / 32 GiB / 1 GPU; use types of equal vCPU and memory (e.g. t3.xlarge and m5.xlarge) or one node group per size, got ["g5.xlarge","g5.2xlarge"]`,
    },
    {
        name: "a GPU group without the accelerator label",
        stack: "production",
        mutate: (c) => delete gpuLabels(c)[ACCELERATOR_LABEL],
        message: `${P}:cluster.nodeGroups.gpu.labels.k8s.amazonaws.com/accelerator must be nvidia-a10g (the GPU of g5.xlarge, schemas/instance-types.ts): Cluster Autoscaler reads this label to know a new node has GPUs before the device plugin advertises them, and to plan the group at zero nodes, got nothing`,
    },
    {
        name: "a GPU group labelled with another GPU model",
        stack: "production",
        mutate: (c) => (gpuLabels(c)[ACCELERATOR_LABEL] = "nvidia-tesla-t4"),
        message: `${P}:cluster.nodeGroups.gpu.labels.k8s.amazonaws.com/accelerator must be nvidia-a10g (the GPU of g5.xlarge, schemas/instance-types.ts): Cluster Autoscaler reads this label to know a new node has GPUs before the device plugin advertises them, and to plan the group at zero nodes, got "nvidia-tesla-t4"`,
    },
    {
        name: "a GPU group of two GPU models of one size",
        stack: "production",
        mutate: (c) => (gpuGroup(c).instanceTypes = ["g5.xlarge", "g6.xlarge"]),
        message: `${P}:cluster.nodeGroups.gpu.instanceTypes must list instance types with one GPU model (the group's k8s.amazonaws.com/accelerator label names one): nvidia-a10g and nvidia-l4 differ, got ["g5.xlarge","g6.xlarge"]`,
    },
    {
        name: "the accelerator label on a group without GPUs",
        mutate: (c) =>
            (at(c, "cluster", "nodeGroups", "ml", "labels")[ACCELERATOR_LABEL] = "nvidia-a10g"),
        message: `${P}:cluster.nodeGroups.ml.labels.k8s.amazonaws.com/accelerator must be unset on a node group without GPUs (gpu: false): Cluster Autoscaler would wait for GPUs its nodes never get, got "nvidia-a10g"`,
    },
    {
        name: "a GPU group starting with fewer nodes than the model server's replicas (the old desiredSize 1)",
        stack: "production",
        mutate: (c) => (gpuGroup(c).desiredSize = 1),
        message: `${P}:cluster.nodeGroups.gpu.desiredSize must start the GPU nodes the GPU workloads' first replicas need: g5.xlarge has 1 GPU per node and ml-prediction 3 x 1 GPU needs 3 (3 nodes); raise desiredSize (and maxSize) to at least 3, or lower the replicas, so the first \`pulumi up\` does not wait on Cluster Autoscaler for GPU nodes, got 1`,
    },
    {
        name: "a GPU group below an autoscaled model server's minReplicas",
        stack: "production",
        mutate: (c) => {
            at(c, "mlWorkloads", "ml-prediction").autoscaling = {
                minReplicas: 4,
                maxReplicas: 4,
                requestsPerSecond: 50,
            };
        },
        message: `${P}:cluster.nodeGroups.gpu.desiredSize must start the GPU nodes the GPU workloads' first replicas need: g5.xlarge has 1 GPU per node and ml-prediction 4 x 1 GPU needs 4 (4 nodes); raise desiredSize (and maxSize) to at least 4, or lower the replicas, so the first \`pulumi up\` does not wait on Cluster Autoscaler for GPU nodes, got 3`,
    },
];

describe("config refuses: node groups the autoscaler cannot plan", () => {
    configCases(cases, managedGroupsStack);

    it("accepts mixed instance sizes while Cluster Autoscaler is off (nothing plans the group)", () => {
        const raw = managedGroupsStack("staging");
        at(raw, "cluster", "nodeGroups", "general").instanceTypes = ["t3.medium", "t3.large"];
        at(raw, "addons", "clusterAutoscaler").enabled = false;
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.deepStrictEqual(c.cluster.nodeGroups.general.instanceTypes, [
            "t3.medium",
            "t3.large",
        ]);
    });

    it("accepts a GPU group whose 4-GPU nodes hold two 2-GPU pods each", () => {
        const raw = managedGroupsStack("production");
        Object.assign(gpuGroup(raw), { instanceTypes: ["g5.12xlarge"], desiredSize: 2 });
        gpuLabels(raw)[ACCELERATOR_LABEL] = "nvidia-a10g";
        Object.assign(at(raw, "mlWorkloads", "ml-prediction"), { gpu: 2 });
        at(raw, "mlWorkloads", "ml-prediction", "model").replicas = 4;
        const c = parsePlatformConfig(raw, stackContext("production"));
        assert.deepStrictEqual(c.cluster.nodeGroups.gpu.desiredSize, 2);
    });

    it("refuses exactly the pairs of table instance types that differ in vCPU, memory or GPUs", () => {
        // Generated inputs: every ordered pair of the instance type table.
        const types = Object.keys(INSTANCE_TYPES);
        const size = (t: string) => {
            const f = INSTANCE_TYPES[t]!;
            return `${f.vcpu}/${f.memoryGiB}/${f.gpus ?? 0}`;
        };
        let refused = 0;
        for (const a of types) {
            for (const b of types) {
                const issues: string[] = [];
                checkNodeGroupTypes(
                    { g: { instanceTypes: [a, b], maxSize: 1, taints: [], gpu: false } },
                    { addIssue: (i) => issues.push(i.path.join(".")) },
                );
                const mixed = issues.filter((p) => p === "cluster.nodeGroups.g.instanceTypes");
                assert.strictEqual(mixed.length, size(a) === size(b) ? 0 : 1, `${a} + ${b}`);
                refused += mixed.length;
            }
        }
        // 40 types; same-size pairs (t3.xlarge/m5.xlarge...) pass, every other ordered pair fails.
        assert.ok(refused > 0 && refused < types.length * types.length);
    });
});
