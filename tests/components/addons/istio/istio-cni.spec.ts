import * as assert from "assert";

import { ClusterAddons, istioCniValues } from "../../../../components/addons";
import { istioCniWorkload } from "../../../../components/addons/istio/istio-cni";
import { addonsArgsFor } from "../../../helpers/addons";
import { freshRecorder, settle } from "../../../helpers/pulumi";

describe("Istio CNI add-on", () => {
    it("installs the cni chart at Istio's version in its own privileged namespace", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const ns = rec.get("kubernetes:core/v1:Namespace", "a-istio-cni");
        assert.deepStrictEqual(ns.inputs.metadata, {
            name: "istio-cni",
            labels: {
                "pod-security.kubernetes.io/enforce": "privileged",
                "pod-security.kubernetes.io/warn": "privileged",
            },
        });
        const chart = rec.get("kubernetes:helm.sh/v4:Chart", "a-istio-cni");
        assert.deepStrictEqual(
            [chart.inputs.chart, chart.inputs.version, chart.inputs.namespace],
            ["cni", "1.30.3", "istio-cni"],
        );
        assert.deepStrictEqual(chart.dependencies, [ns.urn]);
        assert.deepStrictEqual(chart.inputs.values, istioCniValues("1.30.3"));
    });

    it("chains after the AWS VPC CNI in its default directories, with limits and RuntimeDefault seccomp", () => {
        const v = istioCniValues("1.30.3");
        assert.deepStrictEqual(
            [v.cniBinDir, v.cniConfDir, v.chained],
            ["/opt/cni/bin", "/etc/cni/net.d", true],
        );
        assert.deepStrictEqual(v.resources.limits, { cpu: "500m", memory: "256Mi" });
        assert.deepStrictEqual(v.seccompProfile, { type: "RuntimeDefault" });
        assert.deepStrictEqual(v.global, { hub: "gcr.io/istio-release", tag: "1.30.3" });
    });

    it("models the DaemonSet's grace period as the 1.30.3 chart renders it (30 s, a value since 1.29)", () => {
        // helm template of istio/istio manifests/charts/istio-cni at 1.30.3 with these values renders
        // `terminationGracePeriodSeconds: 30` (templates/daemonset.yaml); 1.27.3 rendered 5.
        const w = istioCniWorkload(istioCniValues("1.30.3"));
        assert.strictEqual(w.podSpec.terminationGracePeriodSeconds, 30);
    });
});
