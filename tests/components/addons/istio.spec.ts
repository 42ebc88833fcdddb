import * as assert from "assert";

import { ClusterAddons, istiodValues } from "../../../components/addons";
import { addonsArgsFor } from "../../helpers/addons";
import { freshRecorder, settle } from "../../helpers/pulumi";

describe("Istio add-on", () => {
    it("sets the mesh-wide STRICT mTLS default after istiod and its CRDs", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const mtls = rec.get("kubernetes:security.istio.io/v1:PeerAuthentication", "a-mesh-mtls");
        assert.deepStrictEqual(mtls.inputs, {
            apiVersion: "security.istio.io/v1",
            kind: "PeerAuthentication",
            metadata: { name: "default", namespace: "istio-system" },
            spec: { mtls: { mode: "STRICT" } },
        });
        const base = rec.get("kubernetes:helm.sh/v4:Chart", "a-istio-base").urn;
        const istiod = rec.get("kubernetes:helm.sh/v4:Chart", "a-istiod");
        assert.ok(mtls.dependencies.includes(base) && mtls.dependencies.includes(istiod.urn));
        assert.ok(istiod.dependencies.includes(base), "istiod waits for the base chart's CRDs");
        assert.strictEqual(addons.ready.istio.length, 3);
    });

    it("runs istiod with two replicas only when highly available", () => {
        const pilot = (ha: boolean) => {
            const p = istiodValues(ha).pilot;
            return [p.replicaCount, p.autoscaleMin];
        };
        assert.deepStrictEqual(
            [pilot(true), pilot(false)],
            [
                [2, 2],
                [1, 1],
            ],
        );
    });

    it("keeps the mesh registry-only and holds applications until the proxy is ready", () => {
        const mesh = istiodValues(false).meshConfig;
        assert.deepStrictEqual(mesh, {
            defaultConfig: { holdApplicationUntilProxyStarts: true },
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
        });
    });
});
