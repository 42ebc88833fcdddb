/**
 * Fixtures for the add-on tests: ClusterAddons args from a committed stack.
 */
import * as k8s from "@pulumi/kubernetes";

import { ClusterAddonsArgs } from "../../components/addons";
import { parsePlatformConfig } from "../../config";
import { rawStack } from "./config";

/** A fake OIDC provider (the mocks never create the real one). */
export const FAKE_OIDC = {
    arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/X",
    url: "https://oidc.eks.us-west-2.amazonaws.com/id/X",
};

/** ClusterAddons args as index.ts builds them for `stack`, with a fresh provider named `k`. */
export function addonsArgsFor(stack: "staging" | "production"): ClusterAddonsArgs {
    const config = parsePlatformConfig(rawStack(stack));
    return {
        ...config.addons,
        nodeGroups: Object.fromEntries(
            Object.entries(config.cluster.nodeGroups).map(([group, g]) => [
                group,
                { ...g, nodeGroupName: `supply-chain-test-${group}` },
            ]),
        ),
        provider: new k8s.Provider("k", { kubeconfig: "{}" }),
        oidc: FAKE_OIDC,
        clusterName: "supply-chain-test",
        vpcId: "vpc-0a1b2c3d4e5f60718",
        highAvailability: stack === "production",
    };
}
