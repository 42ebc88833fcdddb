/**
 * Entrypoint: composition only. Loads the validated stack config, creates the components and exports
 * the stack outputs. All logic lives in components/ and config.ts.
 */
import * as pulumi from "@pulumi/pulumi";

import { Cluster, ClusterAddons } from "./components";
import { loadPlatformConfig } from "./config";

const config = loadPlatformConfig();
const production = config.environment === "production";

const cluster = new Cluster("platform", {
    ...config.cluster,
    tags: { environment: config.environment },
});

new ClusterAddons("platform-addons", {
    ...config.addons,
    provider: cluster.provider,
    oidc: cluster.oidc,
    highAvailability: production,
});

export const clusterName = cluster.clusterName;
export const kubeconfig = pulumi.secret(cluster.kubeconfig);
export const oidcProviderArn = cluster.oidc.arn;
export const nodeGroupNames = pulumi.all(
    Object.fromEntries(
        Object.entries(cluster.nodeGroups).map(([group, ng]) => [group, ng.nodeGroupName]),
    ),
);
