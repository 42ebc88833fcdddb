import * as assert from "assert";

import { EXEMPTIONS_SCHEMA } from "../../../policies/shared/exemptions";
import { disallowHostPath } from "../../../policies/workloads/disallowHostPath";
import { requireMlToleration } from "../../../policies/workloads/requireMlToleration";
import { runResourcePolicy, runStackPolicy } from "../../helpers/policy";

const daemonSet = (namespace: string) => ({
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "agent", namespace },
    spec: {
        selector: { matchLabels: { app: "agent" } },
        template: {
            metadata: { labels: { app: "agent" } },
            spec: {
                tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
                containers: [{ name: "agent", image: "agent:1.0.0" }],
                volumes: [{ name: "bin", hostPath: { path: "/opt/cni/bin" } }],
            },
        },
    },
});
const exemptions = [
    { namespace: "node-agents", reason: "the agent installs CNI binaries on the node" },
];

describe("namespace exemptions", () => {
    it("skip a pod policy only in the exempted namespace, with the reason", async () => {
        assert.deepStrictEqual(
            await runResourcePolicy(
                disallowHostPath,
                "kubernetes:apps/v1:DaemonSet",
                daemonSet("node-agents"),
                { exemptions },
            ),
            {
                notApplicable:
                    "namespace 'node-agents' is exempt: the agent installs CNI binaries on the node",
            },
        );
        assert.deepStrictEqual(
            await runResourcePolicy(
                disallowHostPath,
                "kubernetes:apps/v1:DaemonSet",
                daemonSet("apps"),
                { exemptions },
            ),
            [
                `DaemonSet 'apps/agent' mounts the node path "/opt/cni/bin" (spec.template.spec.volumes[0].hostPath, volume 'bin'); use emptyDir, a ConfigMap or a PVC.`,
            ],
        );
    });

    it("cover nothing when the reason is spaces, invisible characters or one word repeated", async () => {
        for (const reason of [" ".repeat(30), "\u200b\u3164".repeat(15), "exempt ".repeat(5)]) {
            assert.deepStrictEqual(
                await runResourcePolicy(
                    disallowHostPath,
                    "kubernetes:apps/v1:DaemonSet",
                    daemonSet("node-agents"),
                    { exemptions: [{ namespace: "node-agents", reason }] },
                ),
                [
                    `DaemonSet 'node-agents/agent' mounts the node path "/opt/cni/bin" (spec.template.spec.volumes[0].hostPath, volume 'bin'); use emptyDir, a ConfigMap or a PVC.`,
                ],
                JSON.stringify(reason),
            );
        }
    });

    it("are declared on every pod policy and on the ML toleration policy, each needing a reason", () => {
        assert.deepStrictEqual(
            disallowHostPath.configSchema?.properties?.exemptions,
            EXEMPTIONS_SCHEMA,
        );
        assert.deepStrictEqual(
            requireMlToleration.configSchema?.properties?.exemptions,
            EXEMPTIONS_SCHEMA,
        );
        assert.deepStrictEqual((EXEMPTIONS_SCHEMA.items as { required: string[] }).required, [
            "namespace",
            "reason",
        ]);
    });

    it("skip the ML toleration stack check for an exempted node agent only", async () => {
        const groups = [
            {
                type: "eks:index:ManagedNodeGroup",
                name: "ml",
                props: {
                    labels: { workload: "ml" },
                    taints: [{ key: "workload", value: "ml", effect: "NoSchedule" }],
                },
            },
        ];
        const agent = (ns: string) => ({
            type: "kubernetes:apps/v1:DaemonSet",
            name: `agent-${ns}`,
            props: daemonSet(ns),
        });
        assert.deepStrictEqual(
            await runStackPolicy(
                requireMlToleration,
                [...groups, agent("node-agents"), agent("apps")],
                {
                    exemptions,
                },
            ),
            [
                [
                    "agent-apps",
                    "DaemonSet 'apps/agent' tolerates node group 'ml' taint workload=ml:NoSchedule but does not select the group (spec.template.spec.nodeSelector or nodeAffinity); add a node affinity for {\"workload\":\"ml\"} or drop the toleration.",
                ],
            ],
        );
    });
});
