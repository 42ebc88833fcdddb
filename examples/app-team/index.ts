/**
 * An application team's program on the supply-chain platform: it reads the platform stack's outputs
 * through a StackReference and creates one service on the golden path, in the team's own namespace
 * and stack. The platform's `pulumi up` is not involved.
 */
import * as pulumi from "@pulumi/pulumi";
import {
    dataStores,
    namespaceMesh,
    platformFromStack,
    platformService,
    postgresAppRoles,
} from "@supply-chain/platform-components";

export = async () => {
    const config = new pulumi.Config();
    const platformStack = new pulumi.StackReference(config.require("platformStack"));

    // The platform context (Kubernetes provider from the platform's secret kubeconfig, OIDC provider,
    // mesh, monitoring, Secrets Manager) in the team's own namespace.
    const { platform, facts } = await platformFromStack(platformStack, {
        namespace: config.require("namespace"),
    });

    if (!facts.secretsManager) {
        throw new Error(
            "the platform stack has no External Secrets: the store's credentials need it",
        );
    }

    // The service's PostgreSQL on RDS, in the platform's VPC, admitted from the cluster's pods only;
    // its credentials live under the platform's Secrets Manager prefix.
    const stores = dataStores(
        { orders: { postgres: { engineVersion: "17.7" } } },
        {
            identifierPrefix: facts.clusterName,
            secretsPathPrefix: facts.secretsManager.pathPrefix,
            network: {
                ...facts.network,
                clientSecurityGroupId: facts.network.clusterSecurityGroupId,
            },
            protect: true,
        },
    );

    // The service with its mesh policy (who may call it), dashboard and SLO alerts, wired to its store.
    const orders = platformService("orders", {
        platform,
        image: config.require("image"),
        replicas: 2,
        resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "250m", memory: "256Mi" },
        },
        callers: ["storefront"],
        storeWiring: stores.get("orders")?.wiring,
    });

    // The namespace's mesh policy (default deny, STRICT mTLS, egress to the store), then the
    // database's application role once its ServiceEntry exists.
    const mesh = namespaceMesh(platform, {}, [orders.workload]);
    postgresAppRoles(platform, stores, mesh.serviceEntries);

    return { serviceName: orders.workload.serviceName, namespace: platform.namespace.name };
};
