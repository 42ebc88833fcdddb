/**
 * Guard: every workload the add-on charts run passes the policy pack with the stack's policy config,
 * through chart values only; exemptions are by namespace, each one needed.
 * The models are compared with what each pinned chart renders (rendered-chart-workloads.ts, written
 * down from `helm template`); not proven here: that the lines are current after a pin or value change
 * (re-render then), and fields outside the identity lines (probes, resources, affinity).
 */
import * as assert from "assert";

import { ChartWorkload } from "../../../components/addons";
import { kubePrometheusStackValues } from "../../../components/addons/monitoring/monitoring-values";
import { monitoringWorkloads } from "../../../components/addons/monitoring/monitoring-workloads";
import { parsePlatformConfig } from "../../../config";
import {
    manifestsOf,
    packFindings,
    policySettings,
    stackAddonWorkloads,
} from "../../helpers/addon-workloads";
import { rawStack } from "../../helpers/config";
import { workloadIdentity } from "../../helpers/chart-identity";
import { podSpecRejections } from "../../helpers/pod-validation";
import { RENDERED_CHART_WORKLOADS } from "./rendered-chart-workloads";

for (const stack of ["staging", "production"] as const) {
    describe(`add-on workloads in ${stack}`, () => {
        it("are exactly the charts' workloads, every container with cpu and memory limits", () => {
            const { workloads } = stackAddonWorkloads(stack);
            // In registry order (components/addons/registry.ts): each add-on contributes its own model.
            assert.deepStrictEqual(
                workloads.map((w) => `${w.kind} ${w.namespace}/${w.name}`),
                [
                    "DaemonSet istio-cni/istio-cni-node",
                    "Deployment istio-system/istiod",
                    "Deployment kube-system/platform-addons-metrics-server",
                    "Deployment kube-system/platform-addons-vpa-recommender",
                    "Deployment kube-system/platform-addons-vpa-updater",
                    "Deployment kube-system/platform-addons-vpa-admission-controller",
                    ...(stack === "production"
                        ? [
                              "DaemonSet nvidia-device-plugin/platform-addons-nvidia-device-plugin-gpu",
                          ]
                        : []),
                    "Deployment external-secrets/platform-addons-external-secrets",
                    "Deployment external-secrets/platform-addons-external-secrets-webhook",
                    "Deployment external-secrets/platform-addons-external-secrets-cert-controller",
                    "Deployment monitoring/kube-prometheus-stack-operator",
                    "Deployment monitoring/kube-prometheus-stack-grafana",
                    "Deployment monitoring/kube-prometheus-stack-kube-state-metrics",
                    "DaemonSet monitoring-node-exporter/kube-prometheus-stack-prometheus-node-exporter",
                    "Deployment monitoring/platform-addons-prometheus-adapter",
                    "DaemonSet logging/platform-addons-fluent-bit-aws-for-fluent-bit",
                    "Deployment tracing/otel-collector",
                    "Deployment kube-system/aws-load-balancer-controller",
                    "Deployment istio-ingress/istio-ingress",
                    "Deployment argo-rollouts/argo-rollouts",
                ],
            );
            for (const w of workloads) {
                for (const c of w.podSpec.containers as {
                    name: string;
                    resources?: { limits?: Record<string, string> };
                }[]) {
                    assert.deepStrictEqual(
                        Object.keys(c.resources?.limits ?? {}).sort(),
                        ["cpu", "memory"],
                        `${w.name}/${c.name} has cpu and memory limits`,
                    );
                }
            }
        });

        it("match what their pinned charts render with the stack's values, names included", () => {
            const { workloads } = stackAddonWorkloads(stack);
            assert.deepStrictEqual(
                workloads.map(workloadIdentity).sort(),
                RENDERED_CHART_WORKLOADS[stack],
            );
        });

        it("pass every policy of the pack (advisory included) with the stack's policy config", async () => {
            const { workloads, nodeGroups } = stackAddonWorkloads(stack);
            assert.deepStrictEqual(
                await packFindings(manifestsOf(workloads), nodeGroups, policySettings(stack)),
                [],
            );
        });

        it("need every namespace exemption of the policy config (none is blanket)", async () => {
            const { workloads, nodeGroups } = stackAddonWorkloads(stack);
            const settings = policySettings(stack);
            for (const [policy, s] of Object.entries(settings)) {
                const exemptions = (s.config.exemptions ?? []) as { namespace: string }[];
                for (const e of exemptions) {
                    const without = {
                        ...settings,
                        [policy]: {
                            ...s,
                            config: {
                                ...s.config,
                                exemptions: exemptions.filter((x) => x !== e),
                            },
                        },
                    };
                    const inNamespace = workloads.filter((w) => w.namespace === e.namespace);
                    if (inNamespace.length === 0) {
                        // The exempted workload is not installed in this stack (no GPU group).
                        assert.strictEqual(e.namespace, "nvidia-device-plugin");
                        assert.strictEqual(stack, "staging");
                        continue;
                    }
                    const found = await packFindings(manifestsOf(inNamespace), nodeGroups, without);
                    assert.ok(
                        found.some((f) => f.startsWith(`${policy}: `)),
                        `${policy} exemption of ${e.namespace} is needed`,
                    );
                }
            }
        });

        it("are valid pod specs for the API server (what the pack does not check)", () => {
            const { workloads } = stackAddonWorkloads(stack);
            assert.deepStrictEqual(
                workloads.flatMap((w) =>
                    podSpecRejections(w.podSpec).map((r) => `${w.namespace}/${w.name} ${r}`),
                ),
                [],
            );
        });

        it("fails when a chart workload loses its limits (the guard can fail)", async () => {
            const { workloads, nodeGroups } = stackAddonWorkloads(stack);
            const istiod = workloads.find((w) => w.name === "istiod")!;
            const container = (
                istiod.podSpec.containers as {
                    resources: { requests: Record<string, string> };
                }[]
            )[0];
            const broken: ChartWorkload = {
                ...istiod,
                podSpec: {
                    ...istiod.podSpec,
                    containers: [
                        { ...container, resources: { requests: container.resources.requests } },
                    ],
                },
            };
            assert.deepStrictEqual(
                await packFindings(manifestsOf([broken]), nodeGroups, policySettings(stack)),
                [
                    "workloads-require-resource-limits: Deployment 'istio-system/istiod' container 'discovery' has no spec.template.spec.containers[0].resources.limits.cpu; set cpu and memory requests and limits.",
                    "workloads-require-resource-limits: Deployment 'istio-system/istiod' container 'discovery' has no spec.template.spec.containers[0].resources.limits.memory; set cpu and memory requests and limits.",
                ],
            );
        });
    });
}

describe("the pod-spec guard", () => {
    it("refuses Grafana with datasources loaded by an init container (sidecar probes land on it)", () => {
        const settings = parsePlatformConfig(rawStack("staging")).addons.monitoring;
        const values = kubePrometheusStackValues(settings);
        const initDatasources = {
            ...values,
            grafana: {
                ...values.grafana,
                sidecar: {
                    ...values.grafana.sidecar,
                    datasources: { enabled: true, initDatasources: true },
                },
            },
        };
        const grafana = monitoringWorkloads(initDatasources).find(
            (w) => w.name === "kube-prometheus-stack-grafana",
        )!;
        assert.deepStrictEqual(podSpecRejections(grafana.podSpec), [
            "spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers",
            "spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers",
        ]);
    });

    it("finds duplicate names and mounts of missing volumes", () => {
        assert.deepStrictEqual(
            podSpecRejections({
                containers: [
                    { name: "a", volumeMounts: [{ name: "data", mountPath: "/data" }] },
                    { name: "a" },
                ],
                volumes: [
                    { name: "tmp", emptyDir: {} },
                    { name: "tmp", emptyDir: {} },
                ],
            }),
            [
                'spec.volumes[1].name: Duplicate value "tmp"',
                'spec.containers[0].volumeMounts[0].name: Not found: "data"',
                'spec.containers[1].name: Duplicate value "a"',
            ],
        );
    });
});
