/**
 * The public entry of `@supply-chain/platform-components`: exactly what docs/public-api.md calls
 * public (the platform context, the composites and the components, with their args). Everything else
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
export { mlService, namespaceMesh, platformService } from "../../components/service";
export type {
    CallerIntent,
    MeshIntent,
    MLService,
    MLServiceArgs,
    NamespaceMeshSettings,
    PlatformService,
    PlatformServiceArgs,
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
    dataStores,
    PostgresAppRole,
    postgresAppRoles,
} from "../../components/datastore";
export type {
    DatastoreArgs,
    PostgresAppRoleArgs,
    SharedStoreArgs,
} from "../../components/datastore";
