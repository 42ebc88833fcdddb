import * as assert from "assert";

import { ClusterAddons, nvidiaDevicePluginValues } from "../../../components/addons";
import { addonsArgsFor } from "../../helpers/addons";
import { freshRecorder, settle } from "../../helpers/pulumi";
import { objectOf } from "../../helpers/views";

const gpuGroup = {
    labels: { workload: "ml-gpu" },
    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" as const }],
    gpu: true,
    instanceTypes: ["g5.xlarge"],
    maxSize: 4,
    capacityType: "ON_DEMAND" as const,
};

describe("NVIDIA device plugin add-on", () => {
    it("runs one release per GPU node group, selecting its labels and tolerating exactly its taints", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("production"));
        await settle();
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "a-nvidia-device-plugin-gpu");
        assert.deepStrictEqual(
            [chart.inputs.chart, chart.inputs.version, chart.inputs.namespace],
            ["nvidia-device-plugin", "0.18.2", "nvidia-device-plugin"],
        );
        const values = chart.inputs.values as ReturnType<typeof nvidiaDevicePluginValues>;
        assert.deepStrictEqual(values.affinity.nodeAffinity, {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                    {
                        matchExpressions: [
                            { key: "workload", operator: "In", values: ["ml-gpu"] },
                            {
                                key: "k8s.amazonaws.com/accelerator",
                                operator: "In",
                                values: ["nvidia-a10g"],
                            },
                        ],
                    },
                ],
            },
        });
        assert.deepStrictEqual(values.tolerations, [
            { key: "nvidia.com/gpu", operator: "Equal", value: "true", effect: "NoSchedule" },
        ]);
        const ns = rec.get("kubernetes:core/v1:Namespace", "a-nvidia-device-plugin");
        assert.deepStrictEqual(chart.dependencies, [ns.urn]);
        assert.strictEqual(
            objectOf(rec, "kubernetes:core/v1:Namespace", "a-nvidia-device-plugin").metadata.labels[
                "pod-security.kubernetes.io/enforce"
            ],
            "privileged",
        );
        assert.strictEqual(addons.ready.nvidiaDevicePlugin.length, 1);
    });

    it("installs nothing without a GPU node group (staging)", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        assert.deepStrictEqual(
            rec.resources.filter((r) => r.name.includes("nvidia")),
            [],
        );
        assert.deepStrictEqual(addons.ready.nvidiaDevicePlugin, []);
    });

    it("derives affinity and tolerations from the node group, not from fixed strings", () => {
        const v = nvidiaDevicePluginValues({
            ...gpuGroup,
            labels: { pool: "a100", tier: "gpu" },
            taints: [{ key: "gpu", value: "a100", effect: "NoExecute" }],
        });
        assert.deepStrictEqual(
            v.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution
                .nodeSelectorTerms[0].matchExpressions,
            [
                { key: "pool", operator: "In", values: ["a100"] },
                { key: "tier", operator: "In", values: ["gpu"] },
            ],
        );
        assert.deepStrictEqual(v.tolerations, [
            { key: "gpu", operator: "Equal", value: "a100", effect: "NoExecute" },
        ]);
    });
});
