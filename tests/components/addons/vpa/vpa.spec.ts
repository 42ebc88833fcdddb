import * as assert from "assert";

import { ClusterAddons, vpaValues, vpaWorkloads } from "../../../../components/addons";
import { addonsArgsFor } from "../../../helpers/addons";
import { freshRecorder, settle } from "../../../helpers/pulumi";

describe("Vertical Pod Autoscaler add-on", () => {
    it("installs as a helm.v3.Release (its certificate hook runs), never as a hook-dropping helm.v4.Chart", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const release = rec.get("kubernetes:helm.sh/v3:Release", "a-vpa");
        assert.deepStrictEqual(
            [
                release.inputs.name,
                release.inputs.chart,
                release.inputs.version,
                release.inputs.namespace,
                (release.inputs.values as ReturnType<typeof vpaValues>).admissionController
                    .generateCertificate,
            ],
            ["a-vpa", "vpa", "4.8.0", "kube-system", true],
        );
        assert.deepStrictEqual(
            rec.ofType("kubernetes:helm.sh/v4:Chart").filter((c) => c.inputs.chart === "vpa"),
            [],
        );
        assert.strictEqual(
            await new Promise((r) => addons.ready.verticalPodAutoscaler[0].urn.apply(r)),
            release.urn,
        );
    });

    it("gives every component and the certificate hook Jobs limits, one replica and no PDB", () => {
        const values = vpaValues();
        assert.deepStrictEqual(values.admissionController.certGen.resources.limits, {
            cpu: "100m",
            memory: "64Mi",
        });
        assert.deepStrictEqual(
            vpaWorkloads("platform-addons-vpa", values).map((w) => [w.name, w.replicas, w.pdb]),
            [
                ["platform-addons-vpa-recommender", 1, undefined],
                ["platform-addons-vpa-updater", 1, undefined],
                ["platform-addons-vpa-admission-controller", 1, undefined],
            ],
        );
    });
});
