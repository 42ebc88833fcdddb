import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";

import {
    platformFromStack,
    type PlatformFacts,
    type PlatformStackReference,
} from "../../../components/platform";
import { isSecretValue } from "../../../tools/offline/secrets";
import { freshRecorder, settle, typeNames, unwrap } from "../../helpers/pulumi";

const FACTS: PlatformFacts = {
    clusterName: "supply-chain-staging",
    clusterArn: "arn:aws:eks:us-west-2:1:cluster/supply-chain-staging",
    region: "us-west-2",
    oidcProvider: { arn: "arn:aws:iam::1:oidc-provider/x", url: "https://x" },
    nodeGroups: {
        general: {
            labels: { workload: "general" },
            taints: [],
            gpu: false,
            instanceTypes: ["t3.medium"],
            maxSize: 6,
            capacityType: "ON_DEMAND",
        },
    },
    network: {
        vpcId: "vpc-1",
        privateSubnetIds: ["subnet-a", "subnet-b"],
        clusterSecurityGroupId: "sg-1",
    },
    mesh: { namespace: "istio-system", trustDomain: "example.org" },
    monitoring: {
        namespace: "monitoring",
        selectorLabels: { release: "kube-prometheus-stack" },
        dashboardLabel: { grafana_dashboard: "1" },
        prometheusUrl: "http://kube-prometheus-stack-prometheus.monitoring.svc:9090",
    },
    gateway: {
        namespace: "istio-ingress",
        identity: {
            app: "istio-ingress",
            namespace: "istio-ingress",
            serviceAccountName: "istio-ingress",
        },
        selector: { app: "istio-ingress", istio: "ingress" },
        httpPort: 80,
        hostname: "lb.example.com",
    },
    secretsManager: {
        region: "us-west-2",
        arnPrefix: "arn:aws:secretsmanager:us-west-2:1:secret:",
        pathPrefix: "supply-chain/staging",
    },
};

const KUBECONFIG =
    '{"apiVersion":"v1","kind":"Config","users":[{"name":"u","user":{"token":"t0k3n"}}]}';

/** A stack reference answering from fixed outputs (`secret`: the facts output is a secret). */
function reference(facts: unknown, secret = false): PlatformStackReference {
    return {
        getOutputDetails: (name) =>
            Promise.resolve(
                name !== "platformFacts" ? {} : secret ? { secretValue: facts } : { value: facts },
            ),
        requireOutput: (name) =>
            name === "kubeconfig" ? pulumi.secret(KUBECONFIG) : pulumi.output(undefined),
    };
}

describe("platformFromStack", () => {
    it("builds the platform from the stack's facts: a provider with the secret kubeconfig, the program's own namespace and nothing else", async () => {
        const rec = freshRecorder();
        const { platform, facts } = await platformFromStack(reference(FACTS), {
            namespace: "orders",
            adminServiceAccount: "admin",
        });
        await settle();
        assert.deepStrictEqual(typeNames(rec.resources), [
            ["kubernetes:core/v1:Namespace", "apps-ns"],
            ["platform:apps:Namespace", "apps"],
            ["pulumi:providers:kubernetes", "platform-k8s"],
        ]);
        const provider = rec.get("pulumi:providers:kubernetes", "platform-k8s");
        // Still a secret in the provider's inputs: never written in plain text to state or a preview.
        assert.strictEqual(isSecretValue(provider.inputs.kubeconfig), true);
        assert.strictEqual(provider.inputs.enableServerSideApply, "true");
        assert.strictEqual(facts, FACTS);
        assert.strictEqual(platform.namespace.name, "orders");
        assert.strictEqual(platform.region, "us-west-2");
        assert.deepStrictEqual(platform.oidc, FACTS.oidcProvider);
        assert.deepStrictEqual(platform.nodeGroup("general"), {
            name: "general",
            ...FACTS.nodeGroups.general,
        });
        assert.strictEqual(platform.mesh.trustDomain, "example.org");
        assert.deepStrictEqual(platform.mesh.admins, [
            { app: "admin", namespace: "orders", serviceAccountName: "admin" },
        ]);
        assert.deepStrictEqual(platform.mesh.ready, [platform.namespace.resource]);
        assert.deepStrictEqual(platform.monitoring, { ...FACTS.monitoring, ready: [] });
        const { hostname, ...gateway } = platform.gateway!;
        assert.deepStrictEqual(
            { ...gateway, hostname: "lb.example.com" },
            { ...FACTS.gateway, ready: [] },
        );
        assert.strictEqual(await unwrap(hostname), "lb.example.com");
        assert.deepStrictEqual(
            await unwrap(
                pulumi.all([platform.secretsManager!.region, platform.secretsManager!.arnPrefix]),
            ),
            ["us-west-2", "arn:aws:secretsmanager:us-west-2:1:secret:"],
        );
        assert.strictEqual(platform.secretsManager!.pathPrefix, "supply-chain/staging");
        assert.deepStrictEqual(Object.values(platform.crds), [[], [], [], [], [], [], []]);
    });

    it("reads facts a backend returns as a secret, and leaves monitoring, gateway and secrets out when the stack has none", async () => {
        const rec = freshRecorder();
        const bare = {
            ...FACTS,
            monitoring: undefined,
            gateway: undefined,
            secretsManager: undefined,
        };
        const { platform } = await platformFromStack(reference(bare, true), {
            namespace: "orders",
            providerName: "k8s",
            namespaceResourceName: "team",
        });
        await settle();
        assert.deepStrictEqual(
            [platform.monitoring, platform.gateway, platform.secretsManager],
            [undefined, undefined, undefined],
        );
        assert.deepStrictEqual(typeNames(rec.resources), [
            ["kubernetes:core/v1:Namespace", "team-ns"],
            ["platform:apps:Namespace", "team"],
            ["pulumi:providers:kubernetes", "k8s"],
        ]);
    });

    it("fails naming the output, what it expects and what it got when the stack does not export the facts", async () => {
        freshRecorder();
        await assert.rejects(platformFromStack(reference(undefined), { namespace: "orders" }), {
            message:
                "the platform stack has no `platformFacts` output of the expected shape (clusterName, clusterArn, region, oidcProvider, nodeGroups, network, mesh), got undefined; upgrade the platform stack to a version that exports it",
        });
        await assert.rejects(
            platformFromStack(reference({ clusterName: "c", region: "r" }), {
                namespace: "orders",
            }),
            {
                message:
                    'the platform stack has no `platformFacts` output of the expected shape (clusterName, clusterArn, region, oidcProvider, nodeGroups, network, mesh), got {"clusterName":"c","region":"r"}; upgrade the platform stack to a version that exports it',
            },
        );
    });
});
