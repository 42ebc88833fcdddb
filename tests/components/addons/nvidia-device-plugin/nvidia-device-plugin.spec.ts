import * as assert from "assert";

import {
    chartWorkloadManifests,
    ClusterAddons,
    MPS_CONTROL_DAEMON_TEMPLATE,
    nvidiaDevicePluginPostRenderer,
    nvidiaDevicePluginValues,
    nvidiaDevicePluginWorkload,
    nvidiaMpsControlDaemonWorkload,
    TEMPLATE_FILTER_SCRIPT,
} from "../../../../components/addons";
import {
    packFindings,
    policySettings,
    stackAddonWorkloads,
} from "../../../helpers/addon-workloads";
import { addonsArgsFor } from "../../../helpers/addons";
import { helmDocument, runPostRenderer } from "../../../helpers/post-renderer";
import { freshRecorder, settle } from "../../../helpers/pulumi";
import { objectOf } from "../../../helpers/views";

const gpuGroup = {
    labels: { workload: "ml-gpu" },
    taints: [{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" as const }],
    gpu: true,
    instanceTypes: ["g5.xlarge"],
    maxSize: 4,
    capacityType: "ON_DEMAND" as const,
};

describe("NVIDIA device plugin add-on", () => {
    it("runs one release per GPU node group or NodePool, selecting its labels and tolerating exactly its taints", async () => {
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
                            // production's GPU capacity is the `gpu` NodePool: only its nodes
                            // carry Karpenter's NodePool label with its name
                            { key: "karpenter.sh/nodepool", operator: "In", values: ["gpu"] },
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
        assert.deepStrictEqual(chart.inputs.postRenderer, {
            command: "node",
            args: ["-e", TEMPLATE_FILTER_SCRIPT, MPS_CONTROL_DAEMON_TEMPLATE],
        });
    });

    describe("the MPS control daemon the chart also renders", () => {
        const release = "platform-addons-nvidia-device-plugin-gpu";
        const values = nvidiaDevicePluginValues(gpuGroup);
        const mps = nvidiaMpsControlDaemonWorkload(release, values, "0.18.2");
        const plugin = nvidiaDevicePluginWorkload(release, values, "0.18.2");
        /** The two DaemonSets as the chart's stream (JSON is YAML), with a comment-only document. */
        const stream =
            helmDocument(
                "nvidia-device-plugin/templates/daemonset-device-plugin.yml",
                JSON.stringify(chartWorkloadManifests(plugin)[0]),
            ) +
            helmDocument(
                MPS_CONTROL_DAEMON_TEMPLATE,
                JSON.stringify(chartWorkloadManifests(mps)[0]),
            ) +
            helmDocument(MPS_CONTROL_DAEMON_TEMPLATE, "# Copyright 2024 NVIDIA CORPORATION");

        it("fails the mandatory pack in production: privileged, host PID, escalation, capabilities", async () => {
            const { nodeGroups } = stackAddonWorkloads("production");
            const settings = policySettings("production");
            const found = await packFindings(chartWorkloadManifests(mps), nodeGroups, settings);
            assert.deepStrictEqual(
                [...new Set(found.map((f) => f.split(":")[0]))].map(
                    (p) => `${p} ${settings[p].level}`,
                ),
                [
                    "workloads-disallow-privileged mandatory",
                    "workloads-disallow-host-namespaces mandatory",
                    "workloads-disallow-privilege-escalation mandatory",
                    "workloads-require-drop-all-capabilities mandatory",
                ],
            );
        });

        it("is dropped by the releases' post-renderer, and the device plugin kept", () => {
            const out = runPostRenderer(nvidiaDevicePluginPostRenderer(), stream);
            const kept = out
                .split(/^---$/m)
                .map((d) => d.replace(/^# Source: .*$/m, "").trim())
                .filter((d) => d !== "")
                .map((d) => JSON.parse(d) as { kind: string; metadata: { name: string } });
            assert.deepStrictEqual(
                kept.map((o) => `${o.kind} ${o.metadata.name}`),
                [`DaemonSet ${release}`],
            );
        });
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
