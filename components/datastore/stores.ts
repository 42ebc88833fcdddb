/**
 * Every service's data stores, and each PostgreSQL store's application role. Plain functions, not
 * components: each {@link Datastore} and {@link PostgresAppRole} keeps the name and the stack-root
 * parent it had when the entrypoint created it, so no URN changes.
 */
import * as pulumi from "@pulumi/pulumi";

import type { Platform } from "../platform/platform";
import { PostgresAppRole } from "./app-role";
import { Datastore, DatastoreArgs } from "./datastore";

/** What every store of the stack shares (everything in {@link DatastoreArgs} but the owner and engines). */
export type SharedStoreArgs = Omit<DatastoreArgs, "service" | "postgres" | "redis">;

/** One {@link Datastore} per service that declares stores, named `<service>-data`, keyed by service. */
export function dataStores(
    stores: Readonly<Record<string, Pick<DatastoreArgs, "postgres" | "redis">>>,
    shared: SharedStoreArgs,
): ReadonlyMap<string, Datastore> {
    return new Map(
        Object.entries(stores).map(([name, engines]) => [
            name,
            new Datastore(`${name}-data`, { ...engines, ...shared, service: name }),
        ]),
    );
}

/**
 * A {@link PostgresAppRole} (`<service>-db-init`) per PostgreSQL store, created after the store's
 * ServiceEntry (the mesh is REGISTRY_ONLY, so the Job cannot reach the database before it exists).
 *
 * @param serviceEntries the namespace's ServiceEntries by egress key ({@link MeshNamespacePolicy.serviceEntries})
 */
export function postgresAppRoles(
    platform: Platform,
    datastores: ReadonlyMap<string, Datastore>,
    serviceEntries: ReadonlyMap<string, pulumi.Resource>,
): PostgresAppRole[] {
    return [...datastores].flatMap(([name, data]) => {
        const egress = data.egress.find((h) => h.key === `${name}-postgres`);
        if (!data.postgres || !egress) {
            return [];
        }
        return [
            new PostgresAppRole(`${name}-db-init`, {
                platform,
                service: name,
                store: data.postgres,
                keyArn: data.keyArn,
                egress,
                serviceEntry: serviceEntries.get(egress.key)!,
            }),
        ];
    });
}
