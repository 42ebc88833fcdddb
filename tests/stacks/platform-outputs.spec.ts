/**
 * The platform stack's outputs for application programs (components/platform/stack-outputs.ts):
 * `index.ts` exports them from `platformStackOutputs`, under the names and types of
 * `PlatformStackOutputs`, which `platformFromStack` reads back through a StackReference.
 */
import * as assert from "assert";
import type * as pulumi from "@pulumi/pulumi";

import type { PlatformStackOutputs } from "../../components/platform";
import { isSecretValue, SECRET_SIG_KEY } from "../../tools/offline/secrets";
import { evaluatedStack } from "../helpers/stack-evaluation";

/**
 * Compile-time guard (`tsc --noEmit` in `npm test`): the program exports every key of
 * `PlatformStackOutputs` with its type, so the program and the type cannot drift apart.
 */
type ProgramExports = typeof import("../../index");
export const exportsMatchTheType: (program: ProgramExports) => {
    readonly [K in keyof PlatformStackOutputs]: pulumi.Output<PlatformStackOutputs[K]>;
} = (program) => program;

describe("platform stack outputs for application programs", function () {
    this.timeout(120_000);

    it("staging exports the kubeconfig as a secret and the platform's facts as plain values", async () => {
        const { recorder } = await evaluatedStack("staging");
        const outputs = recorder.stackOutputs;
        assert.strictEqual(isSecretValue(outputs.kubeconfig), true);
        const kubeconfig = JSON.parse(
            String((outputs.kubeconfig as Record<string, unknown>).value),
        ) as { clusters: { name: string }[] };
        assert.deepStrictEqual(
            kubeconfig.clusters.map((c) => c.name),
            ["supply-chain-staging"],
        );
        assert.strictEqual(SECRET_SIG_KEY in (outputs.platformFacts as object), false);
        const oidc = "oidc.eks.us-west-2.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
        assert.deepStrictEqual(outputs.platformFacts, {
            clusterName: "supply-chain-staging",
            clusterArn: "arn:aws:eks:us-west-2:123456789012:cluster/supply-chain-staging",
            region: "us-west-2",
            oidcProvider: {
                arn: `arn:aws:iam::123456789012:oidc-provider/${oidc}`,
                url: `https://${oidc}`,
            },
            // the managed group (Karpenter's controller) and the NodePools, as the platform places workloads
            nodeGroups: {
                general: {
                    capacityType: "ON_DEMAND",
                    gpu: false,
                    instanceTypes: ["t3.medium", "t3.large", "m5.large", "m6i.large"],
                    labels: {
                        "karpenter.sh/nodepool": "general",
                        workload: "general",
                    },
                    maxSize: 8,
                    taints: [],
                },
                karpenter: {
                    capacityType: "ON_DEMAND",
                    gpu: false,
                    instanceTypes: ["t3.medium"],
                    labels: {
                        workload: "karpenter",
                    },
                    maxSize: 2,
                    taints: [
                        {
                            effect: "NoSchedule",
                            key: "CriticalAddonsOnly",
                            value: "true",
                        },
                    ],
                },
                ml: {
                    capacityType: "SPOT",
                    gpu: false,
                    instanceTypes: ["c5.xlarge", "c6i.xlarge", "c5.2xlarge", "c6i.2xlarge"],
                    labels: {
                        "karpenter.sh/nodepool": "ml",
                        workload: "ml-processing",
                    },
                    maxSize: 4,
                    taints: [
                        {
                            effect: "NoSchedule",
                            key: "workload",
                            value: "ml",
                        },
                    ],
                },
            },
            network: {
                vpcId: "platform-vpc-id",
                privateSubnetIds: [
                    "platform-private-us-west-2a-id",
                    "platform-private-us-west-2b-id",
                ],
                clusterSecurityGroupId: "sg-0c1a2b3c4d5e6f700",
            },
            mesh: { namespace: "istio-system", trustDomain: "cluster.local" },
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
                hostname: "k8s-istio-in-istio-in-0a1b2c3d4e.elb.us-west-2.amazonaws.com",
            },
            secretsManager: {
                region: "us-west-2",
                arnPrefix: "arn:aws:secretsmanager:us-west-2:123456789012:secret:",
                pathPrefix: "supply-chain/staging",
            },
        });
    });
});
