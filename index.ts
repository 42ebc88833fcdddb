/**
 * Entrypoint: composition only, a table of contents. Loads the validated stack config, builds the
 * cluster, its add-ons and the platform context, then the data stores, the services and the model
 * servers on the golden path, and exports the stack outputs. All logic lives in config.ts and the
 * component library, imported by its package name as any other program imports it (Pulumi.yaml's
 * `nodeargs` resolves the name to the library's sources; docs/packages.md).
 */
import * as pulumi from "@pulumi/pulumi";

import {
    Cluster,
    ClusterAddons,
    createPlatform,
    dataStores,
    ingressHealthUrl as healthUrl,
    mlService,
    namespaceMesh,
    nodeProvisioning,
    platformService,
    platformStackOutputs,
    postgresAppRoles,
    trafficIn,
} from "@supply-chain/platform-components";
import { awsRegion, loadPlatformConfig } from "./config";
import { ownValue } from "./lib/records";

// Config
const config = loadPlatformConfig();
const production = config.environment === "production";
const tags = { environment: config.environment };

// Cluster, node provisioning (Pod Identity agent, Karpenter) and add-ons
const cluster = new Cluster("platform", { ...config.cluster, tags });
const { karpenter, scheduling, podIdentityAgent } = nodeProvisioning(
    cluster,
    config.cluster.name,
    config.karpenter,
    tags,
);
const addons = new ClusterAddons("platform-addons", {
    ...config.addons,
    provider: cluster.provider,
    oidc: cluster.oidc,
    nodeGroups: scheduling,
    // Add-ons on EKS Pod Identity get credentials from the agent on their node; Karpenter's NodePools
    // provide the nodes their pods run on.
    nodesReady: [
        ...cluster.nodesReady,
        podIdentityAgent,
        ...(karpenter ? [...karpenter.nodePools.values()] : []),
    ],
    clusterName: cluster.clusterName,
    vpcId: cluster.network.vpcId,
    ingressGateway: config.ingress.enabled ? config.ingress : undefined,
    highAvailability: production,
    trustDomain: config.mesh.trustDomain,
});

// Platform context: what every workload reads (provider, namespace, IRSA, mesh, monitoring, gateway)
const nodes = { provider: cluster.provider, oidc: cluster.oidc, nodeGroups: scheduling };
const platform = createPlatform(nodes, addons, {
    namespace: config.namespace,
    region: awsRegion(),
    trustDomain: config.mesh.trustDomain,
    adminServiceAccount: config.mesh.adminServiceAccount,
});

// Data stores
const datastores = dataStores(config.datastores, {
    identifierPrefix: config.cluster.name,
    secretsPathPrefix: config.addons.externalSecrets.secretsPrefix,
    network: { ...cluster.network, clientSecurityGroupId: cluster.clusterSecurityGroupId },
    protect: production,
    tags,
});

// Services and model servers, each with its mesh policy, observability and ingress entry
const meshOf = (name: string) => ownValue(config.mesh.services, name);
const services = Object.entries(config.services).map(([name, service]) =>
    platformService(name, {
        ...service,
        platform,
        iamStatements: service.iam?.statements,
        storeWiring: datastores.get(name)?.wiring,
        mesh: meshOf(name),
    }),
);
const models = Object.entries(config.mlWorkloads).map(([name, workload]) =>
    mlService(name, { ...workload, platform, mesh: meshOf(name) }),
);

// Namespace-wide mesh policy, then each PostgreSQL store's application role after its ServiceEntry
const workloads = [...services, ...models].map((s) => s.workload);
const mesh = namespaceMesh(platform, config.mesh, workloads);
postgresAppRoles(platform, datastores, mesh.serviceEntries);

// Traffic in
const ingress = trafficIn(platform, services, config.ingress, cluster.network.vpcId);

// Outputs; what application programs read through a StackReference is typed (PlatformStackOutputs)
const shared = platformStackOutputs(cluster, platform, scheduling);
export const kubeconfig = shared.kubeconfig;
export const platformFacts = shared.platformFacts;
export const clusterName = cluster.clusterName;
export const oidcProviderArn = cluster.oidc.arn;
export const nodeGroupNames = pulumi.all(
    Object.fromEntries(
        Object.entries(cluster.nodeGroups).map(([group, ng]) => [group, ng.nodeGroupName]),
    ),
);
export const nodePoolNames = karpenter ? [...karpenter.nodePools.keys()] : [];
export const serviceNames = pulumi.all(services.map((s) => s.workload.serviceName));
export const datastoreEndpoints = pulumi.all(
    Object.fromEntries([...datastores].map(([name, d]) => [name, d.endpoints])),
);
export const modelServerNames = pulumi.all(models.map((m) => m.workload.server.serviceName));
export const ingressHosts = ingress?.hosts ?? [];
export const ingressLoadBalancer = platform.gateway?.hostname;
/** What the deploy smoke test calls: the gateway's own `/health` on the first exposed host. */
export const ingressHealthUrl = healthUrl(ingress, config.ingress);
