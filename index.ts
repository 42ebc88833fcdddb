/**
 * Entrypoint: composition only. Loads the validated stack config, creates the components and exports
 * the stack outputs. All logic lives in components/ and config.ts.
 */
import * as pulumi from "@pulumi/pulumi";

import { AppNamespace, Cluster, ClusterAddons, Microservice, workloadIdentity } from "./components";
import { loadPlatformConfig } from "./config";

const config = loadPlatformConfig();
const production = config.environment === "production";

const cluster = new Cluster("platform", {
    ...config.cluster,
    tags: { environment: config.environment },
});

const addons = new ClusterAddons("platform-addons", {
    ...config.addons,
    provider: cluster.provider,
    oidc: cluster.oidc,
    highAvailability: production,
});

const namespace = new AppNamespace("apps", { provider: cluster.provider, name: config.namespace });

const services = Object.entries(config.services).map(
    ([name, service]) =>
        new Microservice(
            name,
            {
                ...service,
                provider: cluster.provider,
                namespace: namespace.namespaceName,
                callers: service.callers.map((caller) =>
                    workloadIdentity(caller, config.namespace),
                ),
                iamStatements: service.iam?.statements,
                oidc: cluster.oidc,
                secretsManager: addons.secretsManager,
                monitoring: config.addons.prometheusOperatorCrds.enabled,
                crds: {
                    prometheus: addons.ready.prometheus,
                    externalSecrets: addons.ready.externalSecrets,
                },
            },
            { dependsOn: [namespace] },
        ),
);

export const clusterName = cluster.clusterName;
export const kubeconfig = pulumi.secret(cluster.kubeconfig);
export const oidcProviderArn = cluster.oidc.arn;
export const nodeGroupNames = pulumi.all(
    Object.fromEntries(
        Object.entries(cluster.nodeGroups).map(([group, ng]) => [group, ng.nodeGroupName]),
    ),
);
export const serviceNames = pulumi.all(services.map((s) => s.serviceName));
