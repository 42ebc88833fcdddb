/**
 * Entrypoint: composition only. Loads the validated stack config, creates the components and exports
 * the stack outputs. All logic lives in components/ and config.ts.
 */
import * as pulumi from "@pulumi/pulumi";

import {
    AppNamespace,
    httpsEgress,
    Cluster,
    ClusterAddons,
    createPodIdentityAgent,
    Datastore,
    DEFAULT_RETRIES,
    gatewayCallerRule,
    IngressRoutes,
    Karpenter,
    MeshNamespacePolicy,
    MeshPolicy,
    Microservice,
    MLModelCrd,
    MLWorkload,
    PostgresAppRole,
    rolloutTraffic,
    workloadIdentity,
    WorkloadObservability,
} from "./components";
import { awsRegion, loadPlatformConfig } from "./config";
import { ownValue, ownValueOrThrow } from "./lib/records";

const config = loadPlatformConfig();
const region = awsRegion();
const production = config.environment === "production";

const cluster = new Cluster("platform", {
    ...config.cluster,
    tags: { environment: config.environment },
});

// Karpenter provisions nodes for pending pods (docs/nodes.md); its controller gets its role through
// EKS Pod Identity, whose agent runs on every node (docs/identity.md).
const podIdentityAgent = createPodIdentityAgent(
    "platform-pod-identity-agent",
    { clusterName: cluster.clusterName, tags: { environment: config.environment } },
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
          tags: { environment: config.environment },
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
const gateway = addons.ingress;

// Injected pods need the Istio CNI node agent and istiod's injector before they start, so the namespace
// and every object in it wait for them (see components/microservice/README.md).
const namespace = new AppNamespace("apps", {
    provider: cluster.provider,
    name: config.namespace,
    mesh: addons.ready.istio,
});
const meshReady = [namespace.namespace, ...addons.ready.istio];

const datastores = Object.fromEntries(
    Object.entries(config.datastores).map(([name, stores]) => [
        name,
        new Datastore(`${name}-data`, {
            ...stores,
            service: name,
            identifierPrefix: config.cluster.name,
            secretsPathPrefix: config.addons.externalSecrets.secretsPrefix,
            network: {
                ...cluster.network,
                clientSecurityGroupId: cluster.clusterSecurityGroupId,
            },
            protect: production,
            tags: { environment: config.environment },
        }),
    ]),
);

const services = Object.entries(config.services).map(
    ([name, service]) =>
        new Microservice(
            name,
            {
                ...service,
                provider: cluster.provider,
                namespace: namespace.namespaceName,
                callers: [
                    ...service.callers.map((caller) => workloadIdentity(caller, config.namespace)),
                    // The gateway reaches exposed services only (their NetworkPolicy admits it).
                    ...(service.expose && gateway ? [gateway.identity] : []),
                ],
                iamStatements: service.iam?.statements,
                oidc: cluster.oidc,
                region,
                egress: httpsEgress(ownValue(config.mesh.services, name)?.egress ?? []),
                secretsManager: addons.secretsManager,
                storeWiring: ownValue(datastores, name)?.wiring,
                monitoring: addons.monitoring !== undefined,
                monitorLabels: addons.monitoring?.selectorLabels,
                waitFor: meshReady,
                // Argo Rollouts shifts the VirtualService and DestinationRule MeshPolicy creates below.
                delivery: service.delivery && {
                    ...service.delivery,
                    prometheusUrl: addons.monitoring?.prometheusUrl ?? "",
                    // An exposed service's external traffic goes through its ingress delegate,
                    // which Argo Rollouts shifts too (docs/operations.md, "External traffic").
                    traffic: rolloutTraffic(workloadIdentity(name, config.namespace), {
                        exposed: service.expose !== undefined && gateway !== undefined,
                    }),
                },
                crds: {
                    prometheus: addons.ready.prometheus,
                    externalSecrets: addons.ready.externalSecrets,
                    argoRollouts: addons.ready.argoRollouts,
                },
            },
            { dependsOn: [namespace] },
        ),
);

const mlCrd =
    Object.keys(config.mlWorkloads).length > 0
        ? new MLModelCrd("ml-models", { provider: cluster.provider })
        : undefined;
const mlWorkloads = Object.entries(config.mlWorkloads).map(
    ([name, workload]) =>
        new MLWorkload(
            name,
            {
                ...workload,
                provider: cluster.provider,
                namespace: namespace.namespaceName,
                nodeGroup: {
                    name: workload.nodeGroup,
                    ...ownValueOrThrow(
                        cluster.nodeGroups,
                        workload.nodeGroup,
                        "cluster.nodeGroups",
                    ),
                },
                autoscaling: workload.autoscaling && {
                    ...workload.autoscaling,
                    resourceMetrics:
                        workload.autoscaling.cpuUtilization !== undefined ||
                        workload.autoscaling.memoryUtilization !== undefined,
                },
                callers: workload.callers.map((caller) =>
                    workloadIdentity(caller, config.namespace),
                ),
                monitoring: addons.monitoring !== undefined,
                monitorLabels: addons.monitoring?.selectorLabels,
                waitFor: meshReady,
                egress: httpsEgress(ownValue(config.mesh.services, name)?.egress ?? []),
                crd: mlCrd!.crd,
                crds: {
                    verticalPodAutoscaler: addons.ready.verticalPodAutoscaler,
                    prometheus: addons.ready.prometheus,
                    externalSecrets: addons.ready.externalSecrets,
                },
            },
            { dependsOn: [namespace] },
        ),
);

const namespaceMesh = new MeshNamespacePolicy(
    "apps-mesh",
    {
        provider: cluster.provider,
        namespace: namespace.namespaceName,
        migrationWindow: config.mesh.migrationWindow && {
            ...config.mesh.migrationWindow,
            apps: config.mesh.migrationWindow.services,
        },
        waitFor: meshReady,
        egress: [...services, ...mlWorkloads].map((w) => w.egress),
    },
    { dependsOn: [namespace] },
);
// Each PostgreSQL store's application role, created by a Job after the store and its ServiceEntry.
for (const [name, data] of Object.entries(datastores)) {
    const egress = data.egress.find((h) => h.key === `${name}-postgres`);
    if (data.postgres && egress) {
        new PostgresAppRole(`${name}-db-init`, {
            provider: cluster.provider,
            namespace: namespace.namespaceName,
            service: name,
            store: data.postgres,
            keyArn: data.keyArn,
            egress,
            oidc: cluster.oidc,
            region: addons.secretsManager!.region,
            waitFor: [
                ...meshReady,
                ...(addons.ready.externalSecrets ?? []),
                namespaceMesh.serviceEntries.get(egress.key)!,
            ],
        });
    }
}
const callersOf = { ...config.services, ...config.mlWorkloads };
const workloads = Object.fromEntries([...services, ...mlWorkloads].map((w) => [w.identity.app, w]));
const exposeOf = (name: string) => ownValue(config.services, name)?.expose;
const admins = config.mesh.adminServiceAccount
    ? [workloadIdentity(config.mesh.adminServiceAccount, config.namespace)]
    : [];
for (const service of [...services, ...mlWorkloads]) {
    const name = service.identity.app;
    const intent = ownValue(config.mesh.services, name);
    new MeshPolicy(
        `${name}-mesh`,
        {
            provider: cluster.provider,
            target: service,
            allowFrom: [
                ...ownValueOrThrow(callersOf, name, "workloads").callers.map((caller) => ({
                    workload: ownValueOrThrow(workloads, caller, "workloads"),
                    ...ownValue(intent?.rules, caller),
                })),
                // External traffic: the gateway's identity, on the exposed paths only.
                ...(exposeOf(name) && gateway
                    ? [gatewayCallerRule(gateway.identity, exposeOf(name)!)]
                    : []),
            ],
            admins,
            trustDomain: config.mesh.trustDomain,
            timeout: intent?.timeout,
            retries: intent?.retries,
            canary: intent?.canary,
            rollout: ownValue(config.services, name)?.delivery?.strategy === "canary",
            faultInjection: intent?.faultInjection,
            waitFor: meshReady,
        },
        { dependsOn: [namespace] },
    );
}

const ingress = gateway
    ? new IngressRoutes("ingress", {
          provider: cluster.provider,
          gateway,
          services: services
              .filter((s) => exposeOf(s.identity.app))
              .map((s) => {
                  const intent = ownValue(config.mesh.services, s.identity.app);
                  return {
                      identity: s.identity,
                      expose: exposeOf(s.identity.app)!,
                      timeout: intent?.timeout,
                      retries: intent?.retries ?? DEFAULT_RETRIES,
                      // A canary Rollout's split is Argo Rollouts' (the config refuses a mesh canary).
                      rollout: s.canaryPods,
                  };
              }),
          dns: config.ingress.dns && {
              zone: config.ingress.dns.zone,
              vpcId: cluster.network.vpcId,
          },
          istio: addons.ready.istio,
          waitFor: [namespace.namespace],
      })
    : undefined;

// Dashboards and SLO alerts for every service and model server, when monitoring is installed.
const monitoring = addons.monitoring;
if (monitoring) {
    const autoscaled = { ...config.services, ...config.mlWorkloads };
    for (const w of [...services, ...mlWorkloads]) {
        new WorkloadObservability(`${w.identity.app}-observability`, {
            provider: cluster.provider,
            workload: w.identity,
            dashboard: w instanceof MLWorkload ? "ml-serving" : "service",
            autoscaled:
                ownValueOrThrow(autoscaled, w.identity.app, "workloads").autoscaling !== undefined,
            grafanaNamespace: monitoring.namespace,
            dashboardLabel: monitoring.dashboardLabel,
            ruleSelectorLabels: monitoring.selectorLabels,
            monitoring: [...monitoring.ready, namespace.namespace],
        });
    }
}

export const clusterName = cluster.clusterName;
export const kubeconfig = pulumi.secret(cluster.kubeconfig);
export const oidcProviderArn = cluster.oidc.arn;
export const nodeGroupNames = pulumi.all(
    Object.fromEntries(
        Object.entries(cluster.nodeGroups).map(([group, ng]) => [group, ng.nodeGroupName]),
    ),
);
export const nodePoolNames = karpenter ? [...karpenter.nodePools.keys()] : [];
export const serviceNames = pulumi.all(services.map((s) => s.serviceName));
export const datastoreEndpoints = pulumi.all(
    Object.fromEntries(Object.entries(datastores).map(([name, d]) => [name, d.endpoints])),
);
export const modelServerNames = pulumi.all(mlWorkloads.map((w) => w.server.serviceName));
export const ingressHosts = ingress?.hosts ?? [];
export const ingressLoadBalancer = gateway?.hostname;
/** What the deploy smoke test calls: the gateway's own `/health` on the first exposed host. */
export const ingressHealthUrl =
    ingress && ingress.hosts.length > 0
        ? `${config.ingress.tls ? "https" : "http"}://${ingress.hosts[0]}/health`
        : undefined;
