/**
 * Every physical name the program derives from names the config sets (the cluster, its node groups,
 * services and ML workloads, their stores, the secrets prefix), with the limit and characters of the
 * API that receives it. One table: the config rule (schemas/derived-names.ts) refuses a config whose
 * derived name breaks a row, and a stack test checks that the names both stacks record are exactly
 * the table's (tests/stacks/derived-names.spec.ts), so the table and the components cannot drift.
 *
 * Pure: no SDK, so config validation can import it.
 */
import { controlPlaneLogGroupName } from "../cluster/spec";
import {
    appRoleWorkload,
    postgresAppSecretName,
    redisAuthSecretName,
    storeIdentifier,
} from "../datastore/spec";

/** The config names a row derives from (validated values; records as own-key maps). */
export interface NameSources {
    readonly clusterName: string;
    readonly nodeGroups: readonly string[];
    /** Services and ML workloads, with the config key that declares them. */
    readonly workloads: readonly {
        readonly key: "services" | "mlWorkloads";
        readonly name: string;
    }[];
    /** Services with `datastores`, and which stores each declares. */
    readonly stores: readonly {
        readonly service: string;
        readonly postgres: boolean;
        readonly redis: boolean;
    }[];
    /** Services with a SecretStore (`secrets` or `datastores`): each has a secrets reader account. */
    readonly readers: readonly string[];
    /** `addons.externalSecrets.secretsPrefix`. */
    readonly secretsPrefix: string;
}

/** One derived name: the config key and value it comes from, and the name itself. */
export interface Derived {
    readonly path: readonly (string | number)[];
    readonly value: string;
    readonly name: string;
}

/** One kind of derived name, with the rules of the API that receives it. */
export interface DerivedNameRule {
    /** What the name names, as messages show it. */
    readonly object: string;
    /** The resource type that carries it and the input that holds it (for the agreement test). */
    readonly type: string;
    readonly field: readonly string[];
    readonly max: number;
    /** The characters and shape the API accepts, and its words for them. */
    readonly pattern: RegExp;
    readonly allowed: string;
    /** Where the limit is documented. */
    readonly source: string;
    readonly derive: (s: NameSources) => readonly Derived[];
}

const cluster = (s: NameSources, name: string): Derived => ({
    path: ["cluster", "name"],
    value: s.clusterName,
    name,
});
const perStore = (s: NameSources, store: "postgres" | "redis", name: (service: string) => string) =>
    s.stores
        .filter((st) => st[store])
        .map((st) => ({
            path: ["services", st.service, "datastores", store],
            value: st.service,
            name: name(st.service),
        }));

/** The service account a service's SecretStore reads as (components/microservice/spec.ts). */
export const secretsReaderAccount = (service: string): string => `${service}-secrets-reader`;

/** Letters, digits and hyphens, a letter first, no `--`, no trailing `-` (RDS and ElastiCache ids). */
const STORE_ID = /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$|^[a-z]$/;
const STORE_ID_WORDS =
    "lowercase letters, digits and '-', starting with a letter, no '--', not ending with '-'";

/** The table. */
export const DERIVED_NAMES: readonly DerivedNameRule[] = [
    {
        object: "EKS cluster name",
        type: "eks:index:Cluster",
        field: ["name"],
        max: 100,
        pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
        allowed: "letters, digits, '-' and '_', starting with a letter or digit",
        source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html",
        derive: (s) => [cluster(s, s.clusterName)],
    },
    {
        object: "EKS managed node group name <cluster.name>-<group>",
        type: "eks:index:ManagedNodeGroup",
        field: ["nodeGroupName"],
        max: 63,
        pattern: /^[0-9A-Za-z][A-Za-z0-9_-]*$/,
        allowed: "letters, digits, '-' and '_', starting with a letter or digit",
        source: "https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateNodegroup.html",
        derive: (s) =>
            s.nodeGroups.map((g) => ({
                path: ["cluster", "nodeGroups", g],
                value: g,
                name: `${s.clusterName}-${g}`,
            })),
    },
    {
        object: "CloudWatch log group (control plane, container logs)",
        type: "aws:cloudwatch/logGroup:LogGroup",
        field: ["name"],
        max: 512,
        pattern: /^[\w./#-]+$/,
        allowed: "letters, digits, '_', '-', '/', '.' and '#'",
        source: "https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_CreateLogGroup.html",
        // The container log group is named in components/addons/cluster-addons.ts (from the cluster's output).
        derive: (s) => [
            cluster(s, controlPlaneLogGroupName(s.clusterName)),
            cluster(s, `/aws/eks/${s.clusterName}/containers`),
        ],
    },
    {
        object: "KMS alias (the cluster secrets key, each service data key)",
        type: "aws:kms/alias:Alias",
        field: ["name"],
        max: 256,
        pattern: /^alias\/(?!aws\/)[A-Za-z0-9/_-]+$/,
        allowed: "'alias/' then letters, digits, '/', '_' and '-' (not 'alias/aws/')",
        source: "https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html",
        derive: (s) => [
            cluster(s, `alias/${s.clusterName}-secrets`),
            ...s.stores.map((st) => ({
                path: ["services", st.service, "datastores"],
                value: st.service,
                name: `alias/${s.clusterName}-${st.service}-data`,
            })),
        ],
    },
    {
        object: "RDS DB instance identifier <cluster.name>-<service>",
        type: "aws:rds/instance:Instance",
        field: ["identifier"],
        max: 63,
        pattern: STORE_ID,
        allowed: STORE_ID_WORDS,
        source: "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html",
        derive: (s) => perStore(s, "postgres", (svc) => storeIdentifier(s.clusterName, svc, 63)),
    },
    {
        object: "ElastiCache replication group id <cluster.name>-<service>",
        type: "aws:elasticache/replicationGroup:ReplicationGroup",
        field: ["replicationGroupId"],
        max: 40,
        pattern: STORE_ID,
        allowed: STORE_ID_WORDS,
        source: "https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CreateReplicationGroup.html",
        derive: (s) => perStore(s, "redis", (svc) => storeIdentifier(s.clusterName, svc, 40)),
    },
    {
        object: "Secrets Manager secret of a store's credentials (Redis AUTH token, PostgreSQL app role)",
        type: "aws:secretsmanager/secret:Secret",
        field: ["name"],
        max: 512,
        pattern: /^[A-Za-z0-9/_+=.@-]+$/,
        allowed: "letters, digits and /_+=.@-",
        source: "https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html",
        derive: (s) =>
            [
                ...perStore(s, "redis", (svc) => redisAuthSecretName(s.secretsPrefix, svc)),
                ...perStore(s, "postgres", (svc) => postgresAppSecretName(s.secretsPrefix, svc)),
            ].map((d) => ({
                ...d,
                path: ["addons", "externalSecrets", "secretsPrefix"],
                value: s.secretsPrefix,
            })),
    },
    {
        object: "Kubernetes Service <workload> (a DNS-1035 label)",
        type: "kubernetes:core/v1:Service",
        field: ["metadata", "name"],
        max: 63,
        pattern: /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
        allowed: "a-z, 0-9 and '-', starting with a letter, ending with a letter or digit",
        source: "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names",
        derive: (s) =>
            s.workloads.map((w) => ({ path: [w.key, w.name], value: w.name, name: w.name })),
    },
    {
        object: "Kubernetes ServiceAccount <workload>, <service>-secrets-reader or <service>-db-init (a DNS-1123 subdomain)",
        type: "kubernetes:core/v1:ServiceAccount",
        field: ["metadata", "name"],
        max: 253,
        pattern: /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        allowed: "a-z, 0-9, '-' and '.'",
        source: "https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#dns-subdomain-names",
        derive: (s) => [
            ...s.workloads.map((w) => ({ path: [w.key, w.name], value: w.name, name: w.name })),
            ...s.readers.map((service) => ({
                path: ["services", service],
                value: service,
                name: secretsReaderAccount(service),
            })),
            ...perStore(s, "postgres", appRoleWorkload),
        ],
    },
];

/** Each row's derived names that break it, with the reason. */
export function derivedNameProblems(
    s: NameSources,
): { rule: DerivedNameRule; derived: Derived; problem: string }[] {
    return DERIVED_NAMES.flatMap((rule) =>
        rule.derive(s).flatMap((derived) => {
            const problem =
                derived.name.length > rule.max
                    ? `is ${derived.name.length} characters, more than ${rule.max}`
                    : !rule.pattern.test(derived.name)
                      ? `must hold ${rule.allowed}`
                      : undefined;
            return problem === undefined ? [] : [{ rule, derived, problem }];
        }),
    );
}
