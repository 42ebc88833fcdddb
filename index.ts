/**
 * Entrypoint: composition only, a table of contents. Loads the validated stack config, builds the
 * cluster, its add-ons and the platform context, then the data stores, the services and the model
 * servers on the golden path, and exports the stack outputs. All logic lives in components/ and
 * config.ts.
 */
import * as pulumi from "@pulumi/pulumi";

import {
    Cluster,
    ClusterAddons,
    createPlatform,
    createPodIdentityAgent,
    Datastore,
    IngressRoutes,
    Karpenter,
    MeshNamespacePolicy,
    mlService,
    platformService,
    PostgresAppRole,
} from "./components";
import { awsRegion, loadPlatformConfig } from "./config";
import { ownValue, ownValueOrThrow } from "./lib/records";

// Config
const config = loadPlatformConfig();
const production = config.environment === "production";
const tags = { environment: config.environment };

// Cluster and add-ons
const cluster = new Cluster("platform", { ...config.cluster, tags });

// Karpenter provisions nodes for pending pods (docs/nodes.md); its controller gets its role through
// EKS Pod Identity, whose agent runs on every node (docs/identity.md).
const podIdentityAgent = createPodIdentityAgent(
    "platform-pod-identity-agent",
    { clusterName: cluster.clusterName, tags },
    { parent: cluster, dependsOn: cluster.nodesReady },
);
const karpenter = config.karpenter.enabled
    ? new Karpenter("nodes", {
          clusterName: config.cluster.name,
          provider: cluster.provider,
          version: config.karpenter.version!,
          controllerNodeSelector: ownValueOrThrow(
              cluster.nodeGroups,
              config.karpenter.controllerNodeGroup!,
              "cluster.nodeGroups",
          ).labels,
          amiAlias: config.karpenter.amiAlias,
          nodePools: config.karpenter.nodePools,
          waitFor: [...cluster.nodesReady, podIdentityAgent],
          tags,
      })
    : undefined;

const addons = new ClusterAddons("platform-addons", {
    ...config.addons,
    provider: cluster.provider,
    oidc: cluster.oidc,
    nodeGroups: cluster.nodeGroups,
    nodesReady: cluster.nodesReady,
    clusterName: cluster.clusterName,
    vpcId: cluster.network.vpcId,
    ingressGateway: config.ingress.enabled ? config.ingress : undefined,
    highAvailability: production,
    trustDomain: config.mesh.trustDomain,
});

// Platform context: what every workload reads (provider, namespace, IRSA, mesh, monitoring, gateway)
const platform = createPlatform(cluster, addons, {
    namespace: config.namespace,
    region: awsRegion(),
    trustDomain: config.mesh.trustDomain,
    adminServiceAccount: config.mesh.adminServiceAccount,
});

// Data stores
const datastores = new Map(
    Object.entries(config.datastores).map(([name, stores]) => [
        name,
        new Datastore(`${name}-data`, {
            ...stores,
            service: name,
            identifierPrefix: config.cluster.name,
            secretsPathPrefix: config.addons.externalSecrets.secretsPrefix,
            network: { ...cluster.network, clientSecurityGroupId: cluster.clusterSecurityGroupId },
            protect: production,
            tags,
        }),
    ]),
);

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
const workloads = [...services, ...models].map((s) => s.workload);

// Namespace-wide mesh policy, and each PostgreSQL store's application role after its ServiceEntry
const namespaceMesh = new MeshNamespacePolicy(
    "apps-mesh",
    {
        provider: platform.provider,
        namespace: platform.namespace.name,
        migrationWindow: config.mesh.migrationWindow && {
            ...config.mesh.migrationWindow,
            apps: config.mesh.migrationWindow.services,
        },
        waitFor: platform.mesh.ready,
        egress: workloads.map((w) => w.egress),
    },
    { dependsOn: [platform.namespace.component] },
);
for (const [name, data] of datastores) {
    const egress = data.egress.find((h) => h.key === `${name}-postgres`);
    if (data.postgres && egress) {
        new PostgresAppRole(`${name}-db-init`, {
            platform,
            service: name,
            store: data.postgres,
            keyArn: data.keyArn,
            egress,
            serviceEntry: namespaceMesh.serviceEntries.get(egress.key)!,
        });
    }
}

// Traffic in
const exposed = services.flatMap((s) => (s.ingress ? [s.ingress] : []));
const ingress = platform.gateway
    ? new IngressRoutes("ingress", {
          platform,
          services: exposed,
          dns: config.ingress.dns && {
              zone: config.ingress.dns.zone,
              vpcId: cluster.network.vpcId,
          },
      })
    : undefined;

// Outputs
export const clusterName = cluster.clusterName;
export const kubeconfig = pulumi.secret(cluster.kubeconfig);
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
export const ingressHealthUrl =
    ingress && ingress.hosts.length > 0
        ? `${config.ingress.tls ? "https" : "http"}://${ingress.hosts[0]}/health`
        : undefined;
