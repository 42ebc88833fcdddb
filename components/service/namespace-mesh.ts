/**
 * The application namespace's mesh policy ({@link MeshNamespacePolicy}: default deny, STRICT mTLS,
 * REGISTRY_ONLY egress with one ServiceEntry per declared host, the dated mTLS migration window) from
 * the platform and every workload's egress. A plain function: the component keeps its name and the
 * stack-root parent, so its URN is unchanged.
 */
import type { EgressHost } from "../internal/egress";
import { MeshNamespacePolicy } from "../mesh-policy/namespace-policy";
import type { MtlsMigrationWindow } from "../mesh-policy/migration";
import type { Platform } from "../platform/platform";

/** The stack's namespace-wide mesh settings (config key `mesh`, validated). */
export interface NamespaceMeshSettings {
    /** The dated mTLS migration window, naming its workloads. @default - none (STRICT everywhere) */
    readonly migrationWindow?: Omit<MtlsMigrationWindow, "apps"> & {
        readonly services: readonly string[];
    };
}

/** Creates the namespace's mesh policy (`apps-mesh`) for workloads with these egress hosts. */
export function namespaceMesh(
    platform: Platform,
    settings: NamespaceMeshSettings,
    workloads: readonly { readonly egress: readonly EgressHost[] }[],
): MeshNamespacePolicy {
    const window = settings.migrationWindow;
    return new MeshNamespacePolicy(
        "apps-mesh",
        {
            provider: platform.provider,
            namespace: platform.namespace.name,
            migrationWindow: window && { ...window, apps: window.services },
            waitFor: platform.mesh.ready,
            egress: workloads.map((w) => w.egress),
        },
        { dependsOn: [platform.namespace.component] },
    );
}
