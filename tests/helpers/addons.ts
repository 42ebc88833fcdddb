/**
 * Fixtures for the add-on tests: ClusterAddons args from a committed stack.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { ClusterAddonsArgs } from "../../components/addons";
import { schedulingTargets } from "../../components/karpenter/node-provisioning";
import { parsePlatformConfig } from "../../config";
import { rawStack } from "./config";
import { Plain } from "./edit";

/** A fake OIDC provider (the mocks never create the real one). */
export const FAKE_OIDC = {
    arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/X",
    url: "https://oidc.eks.us-west-2.amazonaws.com/id/X",
};

/**
 * ClusterAddons args as index.ts builds them for `stack` (its managed groups and NodePools), with a
 * fresh provider named `k`. `raw` replaces the committed stack (e.g. `managedGroupsStack(stack)`).
 *
 * @default raw the committed stack
 */
export function addonsArgsFor(
    stack: "staging" | "production",
    raw: Plain = rawStack(stack),
): ClusterAddonsArgs {
    const config = parsePlatformConfig(raw);
    return {
        ...config.addons,
        // the managed groups and the NodePools, as nodeProvisioning hands them to index.ts
        nodeGroups: schedulingTargets(
            Object.fromEntries(
                Object.entries(config.cluster.nodeGroups).map(([group, g]) => [
                    group,
                    { ...g, nodeGroupName: pulumi.output(`supply-chain-test-${group}`) },
                ]),
            ),
            config.karpenter,
        ),
        provider: new k8s.Provider("k", { kubeconfig: "{}" }),
        oidc: FAKE_OIDC,
        clusterName: "supply-chain-test",
        vpcId: "vpc-0a1b2c3d4e5f60718",
        highAvailability: stack === "production",
    };
}
