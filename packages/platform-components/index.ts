/**
 * The public entry of `@supply-chain/platform-components`: exactly what docs/public-api.md calls
 * public (the platform context, the composites and the components, with their args; the stack-wide
 * wiring the platform program uses: node provisioning, data stores, the namespace's mesh policy and
 * the ingress routes). Everything else
 * the components import is compiled into the package but internal: not exported here, and not
 * reachable through the package's `exports` map.
 */
export {
    createPlatform,
    platformFromFacts,
    platformFromStack,
    platformStackOutputs,
    PLATFORM_STACK_OUTPUTS,
} from "../../components/platform";
export type {
    Platform,
    PlatformFacts,
    PlatformFromStack,
    PlatformFromStackArgs,
    PlatformStackOutputs,
    PlatformStackReference,
    PlatformArgs,
    PlatformAddons,
    PlatformCluster,
    PlatformGateway,
    PlatformMonitoring,
    PlatformSecrets,
} from "../../components/platform";
export {
    ingressHealthUrl,
    mlService,
    namespaceMesh,
    platformService,
    trafficIn,
} from "../../components/service";
export type {
    CallerIntent,
    MeshIntent,
    MLService,
    MLServiceArgs,
    NamespaceMeshSettings,
    PlatformService,
    PlatformServiceArgs,
    TrafficInSettings,
} from "../../components/service";
export { Cluster } from "../../components/cluster";
export type { ClusterArgs, NodeGroupArgs } from "../../components/cluster";
export { ClusterAddons } from "../../components/addons";
export type { AddonReadiness, ClusterAddonsArgs } from "../../components/addons";
export { Microservice } from "../../components/microservice";
export type { MicroserviceArgs, MicroserviceIntent } from "../../components/microservice/args";
export { MLWorkload } from "../../components/ml-workload";
export type { MLWorkloadArgs, MLWorkloadIntent } from "../../components/ml-workload";
export { MeshPolicy } from "../../components/mesh-policy";
export { MeshNamespacePolicy } from "../../components/mesh-policy/namespace-policy";
export type { MeshNamespacePolicyArgs } from "../../components/mesh-policy/namespace-policy";
export type { MeshPolicyArgs } from "../../components/mesh-policy";
export { IngressRoutes } from "../../components/ingress";
export type { IngressRoutesArgs } from "../../components/ingress";
export { WorkloadObservability } from "../../components/observability";
export type { WorkloadObservabilityArgs } from "../../components/observability";
export {
    Datastore,
    PostgresAppRole,
    dataStores,
    postgresAppRoles,
} from "../../components/datastore";
export type {
    DatastoreArgs,
    PostgresAppRoleArgs,
    SharedStoreArgs,
} from "../../components/datastore";
export { nodeProvisioning } from "../../components/karpenter/node-provisioning";
export type {
    NodeProvisioning,
    NodeProvisioningSettings,
} from "../../components/karpenter/node-provisioning";
