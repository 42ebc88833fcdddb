/**
 * The mTLS migration window's PeerAuthentications: one per named workload, PERMISSIVE on every port
 * or only on the named ports, annotated with the window's end and reason. The policy pack admits
 * exactly this shape while the window is open (lib/kubernetes/mtls-migration.ts).
 */
import { MTLS_MIGRATION_REASON, MTLS_MIGRATION_UNTIL } from "../../lib/kubernetes/mtls-migration";

/** A dated window during which named workloads also accept plain text. */
export interface MtlsMigrationWindow {
    /** Last day (ISO date, UTC) the window is open. */
    readonly until: string;
    /** Why: who still calls these workloads in plain text. */
    readonly reason: string;
    /** `app` labels of the workloads that accept plain text. */
    readonly apps: readonly string[];
    /**
     * Container ports that accept plain text; the others stay STRICT.
     *
     * @default - every port
     */
    readonly ports?: readonly number[];
}

/** Name of the window's PeerAuthentication for one workload. */
export function migrationPeerAuthenticationName(app: string): string {
    return `${app}-mtls-migration`;
}

/** The workload-level PeerAuthentication of the window for one workload. */
export function buildMigrationPeerAuthentication(
    namespace: string,
    app: string,
    window: MtlsMigrationWindow,
) {
    const ports = window.ports ?? [];
    return {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: {
            name: migrationPeerAuthenticationName(app),
            namespace,
            labels: { app, "app.kubernetes.io/part-of": "supply-chain-platform" },
            annotations: {
                [MTLS_MIGRATION_UNTIL]: window.until,
                [MTLS_MIGRATION_REASON]: window.reason,
            },
        },
        spec: {
            selector: { matchLabels: { app } },
            ...(ports.length > 0
                ? {
                      mtls: { mode: "STRICT" },
                      portLevelMtls: Object.fromEntries(
                          ports.map((p) => [String(p), { mode: "PERMISSIVE" }]),
                      ),
                  }
                : { mtls: { mode: "PERMISSIVE" } }),
        },
    };
}
