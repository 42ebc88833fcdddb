import * as assert from "assert";

import { ClusterAddons, istiodValues, istiodWorkload } from "../../../../components/addons";
import { addonsArgsFor } from "../../../helpers/addons";
import { freshRecorder, settle } from "../../../helpers/pulumi";
import { podSpecOf } from "../../../helpers/views";

describe("Istio add-on", () => {
    it("sets the mesh-wide STRICT mTLS default after istiod and its CRDs", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("staging"));
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
    });

    it("turns CNI on in istiod, which waits for the base CRDs and the CNI node agent", async () => {
        const rec = freshRecorder();
        const addons = new ClusterAddons("a", addonsArgsFor("production"));
        await settle();
        const istiod = rec.get("kubernetes:helm.sh/v4:Chart", "a-istiod");
        const values = istiod.inputs.values as ReturnType<typeof istiodValues>;
        assert.deepStrictEqual(values.pilot.cni, { enabled: true });
        assert.deepStrictEqual(
            [values.global.hub, values.global.tag],
            ["gcr.io/istio-release", "1.30.3"],
        );
        const cni = rec.get("kubernetes:helm.sh/v4:Chart", "a-istio-cni").urn;
        const base = rec.get("kubernetes:helm.sh/v4:Chart", "a-istio-base").urn;
        assert.deepStrictEqual([...istiod.dependencies].sort(), [base, cni].sort());
        const readyUrns = await Promise.all(
            addons.ready.istio.map((r) => new Promise((resolve) => r.urn.apply(resolve))),
        );
        assert.deepStrictEqual(readyUrns, [
            base,
            cni,
            istiod.urn,
            rec.get("kubernetes:security.istio.io/v1:PeerAuthentication", "a-mesh-mtls").urn,
        ]);
    });

    it("runs istiod under an HPA from 2 replicas with anti-affinity and a PDB only when highly available", () => {
        const ha = istiodWorkload(istiodValues("1.30.3", true));
        assert.deepStrictEqual(
            [ha.replicas, ha.hpa, ha.pdb],
            [undefined, { minReplicas: 2, maxReplicas: 5 }, { minAvailable: 1 }],
        );
        assert.deepStrictEqual(
            podSpecOf(ha).affinity.podAntiAffinity
                .preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm,
            {
                topologyKey: "kubernetes.io/hostname",
                labelSelector: { matchLabels: { app: "istiod" } },
            },
        );
        const single = istiodWorkload(istiodValues("1.30.3", false));
        assert.deepStrictEqual(
            [single.replicas, single.hpa, single.pdb, single.podSpec.affinity],
            [1, undefined, undefined, undefined],
            "one fixed replica, no HPA and no PDB that would block every drain",
        );
    });

    it("keeps the mesh registry-only and holds applications until the proxy is ready", () => {
        assert.deepStrictEqual(istiodValues("1.30.3", false).meshConfig, {
            trustDomain: "cluster.local",
            defaultConfig: { holdApplicationUntilProxyStarts: true },
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
        });
    });
});
