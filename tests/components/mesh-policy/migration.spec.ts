/**
 * The mTLS migration window in the namespace policy: the namespace stays STRICT, each named workload
 * gets a workload-level PeerAuthentication the policy pack admits while the window is open.
 */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import {
    buildMigrationPeerAuthentication,
    MeshNamespacePolicy,
} from "../../../components/mesh-policy";
import { freshRecorder, settle } from "../../helpers/pulumi";

describe("MeshNamespacePolicy migration window", () => {
    it("keeps the namespace STRICT in a migration window and opens only the named workloads", async () => {
        const rec = freshRecorder();
        new MeshNamespacePolicy("ns", {
            provider: new k8s.Provider("k", { kubeconfig: "{}" }),
            namespace: "legacy",
            migrationWindow: {
                until: "2026-12-31",
                reason: "the monolith still calls order in plain text",
                apps: ["order", "payment"],
                ports: [8080],
            },
        });
        await settle();
        const pas = rec.ofType("kubernetes:security.istio.io/v1:PeerAuthentication");
        assert.deepStrictEqual(
            pas.map((p) => [p.name, p.inputs.metadata, p.inputs.spec]),
            [
                [
                    "ns-peer-authn",
                    { name: "default", namespace: "legacy" },
                    { mtls: { mode: "STRICT" } },
                ],
                ...["order", "payment"].map((app) => [
                    `ns-migration-${app}`,
                    {
                        name: `${app}-mtls-migration`,
                        namespace: "legacy",
                        labels: { app, "app.kubernetes.io/part-of": "supply-chain-platform" },
                        annotations: {
                            "supply-chain-platform/mtls-migration-until": "2026-12-31",
                            "supply-chain-platform/mtls-migration-reason":
                                "the monolith still calls order in plain text",
                        },
                    },
                    {
                        selector: { matchLabels: { app } },
                        mtls: { mode: "STRICT" },
                        portLevelMtls: { "8080": { mode: "PERMISSIVE" } },
                    },
                ]),
            ],
        );
    });

    it("opens every port of a workload when the window names no ports", () => {
        assert.deepStrictEqual(
            buildMigrationPeerAuthentication("legacy", "order", {
                until: "2026-12-31",
                reason: "the monolith still calls order in plain text",
                apps: ["order"],
            }).spec,
            { selector: { matchLabels: { app: "order" } }, mtls: { mode: "PERMISSIVE" } },
        );
    });
});
