import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import type { PlatformAddons } from "../../../components/platform";
import { createPlatform } from "../../../components/platform";
import { freshRecorder, settle } from "../../helpers/pulumi";

function addons(istio: pulumi.Resource[]): PlatformAddons {
    return {
        ready: {
            istio,
            nvidiaDevicePlugin: [],
            prometheus: [],
            verticalPodAutoscaler: [],
            externalSecrets: [],
            loadBalancerController: [],
            argoRollouts: [],
        },
        monitoring: undefined,
        ingress: undefined,
        secretsManager: undefined,
        podIdentity: { clusterName: "c", clusterArn: "arn:aws:eks:us-west-2:1:cluster/c" },
    };
}

describe("createPlatform", () => {
    const cluster = (provider: k8s.Provider) => ({
        provider,
        oidc: { arn: "arn:aws:iam::1:oidc-provider/x", url: "https://x" },
        nodeGroups: {
            general: {
                labels: { workload: "general" },
                taints: [],
                gpu: false,
                instanceTypes: ["m5.large"],
                maxSize: 3,
                capacityType: "ON_DEMAND" as const,
            },
        },
    });

    it("creates the application namespace as before (AppNamespace 'apps' at the stack root, after Istio) and nothing else", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const istiod = new k8s.core.v1.Namespace("istiod", {}, { provider });
        const platform = createPlatform(cluster(provider), addons([istiod]), {
            namespace: "supply-chain",
            region: "us-west-2",
            adminServiceAccount: "admin",
        });
        await settle();
        const created = rec.resources.filter((r) => !["k", "istiod"].includes(r.name));
        assert.deepStrictEqual(
            created.map((r) => [r.type, r.name]),
            [
                ["platform:apps:Namespace", "apps"],
                ["kubernetes:core/v1:Namespace", "apps-ns"],
            ],
        );
        // No parent component: the URN's type is the component's own, as before the context existed.
        assert.strictEqual(created[0].parent, undefined);
        assert.strictEqual(created[0].urn.split("::")[2], "platform:apps:Namespace");
        assert.strictEqual(platform.namespace.name, "supply-chain");
        assert.deepStrictEqual(platform.mesh.ready, [platform.namespace.resource, istiod]);
        assert.strictEqual(platform.mesh.trustDomain, "cluster.local");
        assert.deepStrictEqual(platform.mesh.admins, [
            { app: "admin", namespace: "supply-chain", serviceAccountName: "admin" },
        ]);
        assert.deepStrictEqual(platform.identity("order"), {
            app: "order",
            namespace: "supply-chain",
            serviceAccountName: "order",
        });
    });

    it("looks node groups up by name and names the key path of an unknown one", () => {
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const platform = createPlatform(cluster(provider), addons([]), {
            namespace: "apps",
            region: "us-west-2",
        });
        assert.strictEqual(platform.nodeGroup("general").name, "general");
        assert.throws(() => platform.nodeGroup("toString"), {
            message: 'cluster.nodeGroups has no entry named "toString"',
        });
    });

    it("creates the MLModel CRD once, on first use, under its old name", async () => {
        const rec = freshRecorder();
        const provider = new k8s.Provider("k", { kubeconfig: "{}" });
        const platform = createPlatform(cluster(provider), addons([]), {
            namespace: "apps",
            region: "us-west-2",
        });
        await settle();
        assert.strictEqual(rec.ofType("platform:ml:ModelCrd").length, 0);
        const first = platform.mlModelCrd();
        assert.strictEqual(platform.mlModelCrd(), first);
        await settle();
        assert.deepStrictEqual(
            rec.ofType("platform:ml:ModelCrd").map((r) => r.name),
            ["ml-models"],
        );
    });
});
