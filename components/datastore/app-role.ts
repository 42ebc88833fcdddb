import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { createServiceAccountRole } from "../cluster/irsa";
import { EgressHost } from "../internal/egress";
import { workloadIdentity } from "../internal/labels";
import { buildSidecar } from "../mesh-policy/egress";
import {
    appRoleObjectNames,
    appRoleRunId,
    buildAppRoleExternalSecret,
    buildAppRoleJob,
    buildAppRoleSecretStore,
    buildAppRoleServiceAccount,
    PSQL_IMAGE,
} from "./app-role-job";
import { appRoleSql } from "./app-role-sql";
import { PostgresStore } from "./postgres";
import { storeReadPolicy } from "./spec";
import type { Platform } from "../platform/platform";

/** Arguments for {@link PostgresAppRole}. */
export interface PostgresAppRoleArgs {
    /**
     * The platform context ({@link createPlatform}): provider, the application namespace (the Job runs
     * beside the service, in the mesh), the OIDC provider (the Job's IRSA role), Secrets Manager (needs
     * External Secrets) and what the Job waits for: Istio's readiness and the External Secrets CRDs.
     */
    readonly platform: Platform;
    /** The service that owns the store. */
    readonly service: string;
    /** The store ({@link Datastore.postgres}). */
    readonly store: PostgresStore;
    /** The store key ({@link Datastore.keyArn}): both secrets are encrypted with it. */
    readonly keyArn: pulumi.Input<string>;
    /** The store's mesh egress host ({@link Datastore.egress}, key `<service>-postgres`). */
    readonly egress: EgressHost;
    /** The store's ServiceEntry ({@link MeshNamespacePolicy.serviceEntries}): the mesh is REGISTRY_ONLY. */
    readonly serviceEntry: pulumi.Resource;
}

/**
 * The service's least-privilege PostgreSQL role, created in its database by a one-off Job that runs as
 * the master user: an IRSA role only the Job's service account assumes reads the master secret and the
 * app secret; the service's own role reads the app secret only ({@link Datastore.wiring}). The Job runs
 * again whenever the script, the image or the app password changes (its name carries a hash of them).
 *
 * @example
 * new PostgresAppRole("inventory-db-init", {
 *     platform, service: "inventory", store: data.postgres!,
 *     keyArn: data.keyArn, egress: data.egress[0], serviceEntry,
 * });
 */
export class PostgresAppRole extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:data:PostgresAppRole";

    /** Name of the Job (changes, and the Job is replaced, when the run id does). */
    public readonly jobName: pulumi.Output<string>;

    constructor(name: string, args: PostgresAppRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super(PostgresAppRole.__pulumiType, name, {}, opts);
        const names = appRoleObjectNames(args.service);
        const version = PSQL_IMAGE.split(":")[1];
        const store = args.store;
        const platform = args.platform;
        const namespace = platform.namespace.name;
        const secretsManager = platform.secretsManager;
        if (!secretsManager) {
            throw new Error(
                `PostgresAppRole '${name}': \`platform.secretsManager\` must be set (install the External Secrets add-on), got undefined`,
            );
        }
        const region = secretsManager.region;
        const waitFor = [
            ...platform.mesh.ready,
            ...platform.crds.externalSecrets,
            args.serviceEntry,
        ];
        const k8sOpts = (...deps: pulumi.Resource[]) => ({
            parent: this,
            provider: platform.provider,
            dependsOn: [...waitFor, ...deps],
        });

        const role = createServiceAccountRole(
            `${name}-irsa`,
            {
                oidc: platform.oidc,
                namespace,
                serviceAccountName: names.serviceAccount,
                statements: [],
            },
            { parent: this },
        );
        const policy = new aws.iam.RolePolicy(
            `${name}-irsa-secrets`,
            {
                role: role.name,
                policy: pulumi
                    .all([store.secretArn, store.appSecretArn, args.keyArn, region])
                    .apply(([master, app, key, region]) =>
                        storeReadPolicy([master, app], key, region),
                    ),
            },
            { parent: this },
        );
        const sa = new k8s.core.v1.ServiceAccount(
            `${name}-sa`,
            role.arn.apply((arn) =>
                buildAppRoleServiceAccount(args.service, namespace, version, arn),
            ),
            k8sOpts(),
        );
        const secretStore = new k8s.apiextensions.CustomResource(
            `${name}-secret-store`,
            buildAppRoleSecretStore(args.service, namespace, version, region),
            k8sOpts(sa, policy),
        );
        const es = pulumi
            .all([store.secretArn, store.appSecretArn])
            .apply(([masterSecretArn, appSecretArn]) =>
                buildAppRoleExternalSecret({
                    service: args.service,
                    namespace,
                    version,
                    masterSecretArn,
                    appSecretArn,
                }),
            );
        const externalSecret = new k8s.apiextensions.CustomResource(
            `${name}-secrets`,
            {
                apiVersion: "external-secrets.io/v1",
                kind: "ExternalSecret",
                metadata: es.metadata,
                spec: es.spec,
            },
            k8sOpts(secretStore, store.instance, store.appSecretVersion),
        );
        // Without its own Sidecar the Job's proxy would import every store entry of the namespace on
        // 5432, of which only one listener survives; this one imports exactly its store.
        const sidecar = new k8s.apiextensions.CustomResource(
            `${name}-sidecar`,
            buildSidecar(workloadIdentity(names.workload, namespace), [args.egress]),
            k8sOpts(),
        );
        const sql = appRoleSql(store.appRole, store.database);
        const job = new k8s.batch.v1.Job(
            `${name}-job`,
            pulumi
                .all([store.host, store.appSecretVersion.versionId])
                .apply(([host, passwordVersion]) =>
                    buildAppRoleJob({
                        service: args.service,
                        namespace,
                        version,
                        runId: appRoleRunId([sql, PSQL_IMAGE, host, passwordVersion ?? ""]),
                        host,
                        port: store.port,
                        database: store.database,
                        sql,
                    }),
                ),
            k8sOpts(store.instance, externalSecret, sidecar),
        );
        this.jobName = job.metadata.name;
        this.registerOutputs({ jobName: this.jobName });
    }
}
