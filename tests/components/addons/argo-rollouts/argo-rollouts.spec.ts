/**
 * The Argo Rollouts add-on: chart values (CRDs as plain templates, least-privilege traffic-router RBAC,
 * limits, non-root pod, HA with leader election and a PDB, metrics when monitored) and what
 * ClusterAddons hands to Rollouts (the chart, which installs their CRDs).
 */
import * as assert from "assert";

import {
    argoRolloutsValues,
    argoRolloutsWorkload,
    ClusterAddons,
} from "../../../../components/addons";
import { field } from "../../../../lib/kubernetes";
import { addonsArgsFor } from "../../../helpers/addons";
import { freshRecorder, settle } from "../../../helpers/pulumi";
import { podSpecOf } from "../../../helpers/views";

describe("Argo Rollouts add-on", () => {
    it("installs the CRDs, grants only the Istio traffic router and runs no dashboard", () => {
        const v = argoRolloutsValues(false);
        assert.strictEqual(v.installCRDs, true);
        assert.strictEqual(v.dashboard.enabled, false);
        assert.deepStrictEqual(
            Object.entries(v.providerRBAC.providers)
                .filter(([, on]) => on)
                .map(([p]) => p),
            ["istio"],
        );
        assert.strictEqual(Object.keys(v.providerRBAC.providers).length, 10);
    });

    it("runs one replica without a PDB, or two spread across nodes with minAvailable 1", () => {
        const single = argoRolloutsValues(false).controller;
        assert.deepStrictEqual(
            [single.replicas, single.pdb.enabled, single.affinity],
            [1, false, {}],
        );
        const ha = argoRolloutsValues(true).controller;
        assert.deepStrictEqual([ha.replicas, ha.pdb], [2, { enabled: true, minAvailable: 1 }]);
        assert.deepStrictEqual(
            field(
                ha.affinity,
                "podAntiAffinity",
                "preferredDuringSchedulingIgnoredDuringExecution",
                0,
                "podAffinityTerm",
                "labelSelector",
                "matchLabels",
            ),
            {
                "app.kubernetes.io/name": "argo-rollouts",
                "app.kubernetes.io/component": "rollouts-controller",
            },
        );
    });

    it("scrapes the controller only when Prometheus selects its ServiceMonitor", () => {
        assert.deepStrictEqual(argoRolloutsValues(false).controller.metrics.enabled, false);
        const m = argoRolloutsValues(false, { release: "kube-prometheus-stack" }).controller
            .metrics;
        assert.deepStrictEqual(m, {
            enabled: true,
            serviceMonitor: {
                enabled: true,
                additionalLabels: { release: "kube-prometheus-stack" },
            },
        });
    });

    it("runs a non-root, read-only controller with limits and the chart's probes", () => {
        const w = argoRolloutsWorkload(argoRolloutsValues(true));
        assert.deepStrictEqual(w.podSpec.securityContext, {
            runAsNonRoot: true,
            runAsUser: 999,
            runAsGroup: 999,
            seccompProfile: { type: "RuntimeDefault" },
        });
        const [c] = podSpecOf(w).containers;
        assert.deepStrictEqual(c.resources.limits, { cpu: "500m", memory: "512Mi" });
        assert.strictEqual(c.securityContext.readOnlyRootFilesystem, true);
        assert.deepStrictEqual(
            [c.livenessProbe.httpGet, c.readinessProbe.httpGet],
            [
                { path: "/healthz", port: "healthz" },
                { path: "/metrics", port: "metrics" },
            ],
        );
    });

    it("is what Rollouts wait for, installed after the monitoring chart when monitored", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "a-argo-rollouts");
        const ns = rec.get("kubernetes:core/v1:Namespace", "a-argo-rollouts");
        const monitoring = rec.get("kubernetes:helm.sh/v4:Chart", "a-monitoring");
        assert.strictEqual(addons.ready.argoRollouts.length, 1);
        assert.ok(chart.dependencies.includes(ns.urn));
        assert.ok(chart.dependencies.includes(monitoring.urn));
        assert.deepStrictEqual((ns.inputs.metadata as Record<string, unknown>).labels, {
            "pod-security.kubernetes.io/enforce": "restricted",
            "pod-security.kubernetes.io/warn": "restricted",
        });
        const values = chart.inputs.values as ReturnType<typeof argoRolloutsValues>;
        assert.strictEqual(values.fullnameOverride, "argo-rollouts");
        assert.strictEqual(values.controller.metrics.serviceMonitor.enabled, true);
    });

    it("installs nothing when disabled", async () => {
        const rec = freshRecorder();
        const args = addonsArgsFor("staging");
        const addons = new ClusterAddons("a", {
            ...args,
            argoRollouts: { ...args.argoRollouts!, enabled: false },
        });
        await settle();
        assert.deepStrictEqual(addons.ready.argoRollouts, []);
        assert.strictEqual(rec.resources.filter((r) => r.name === "a-argo-rollouts").length, 0);
    });
});
