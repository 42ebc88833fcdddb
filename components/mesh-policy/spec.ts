/**
 * Pure builders for Istio objects (security.istio.io/v1, networking.istio.io/v1) from declared intents.
 */
import type { EgressHost } from "../internal/egress";
import { selectorLabels, WorkloadIdentity } from "../internal/labels";

/** What mesh policy needs to know about a workload (Microservice and MLWorkload expose this). */
export interface MeshWorkload {
    readonly identity: WorkloadIdentity;
    /** Version label of the running (stable) pods. */
    readonly version: string;
    /**
     * True while canary pods run: they share the workload's selector labels and carry `track: canary`.
     *
     * @default false
     */
    readonly canaryPods?: boolean;
    /** Hosts outside the mesh the workload may call (its Sidecar imports exactly these). @default [] */
    readonly egress?: readonly EgressHost[];
}

/** A caller and what it may do. */
export interface CallerRule {
    readonly workload: Pick<MeshWorkload, "identity">;
    /** HTTP methods allowed. @default - any */
    readonly methods?: readonly string[];
    /** Paths allowed (Istio path syntax). @default - any */
    readonly paths?: readonly string[];
}

/** SPIFFE principal of a workload's service account, as Istio authorization matches it. */
export function principal(trustDomain: string, namespace: string, serviceAccount: string): string {
    return `${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** Fully qualified host of a workload's Service. */
export function serviceHost(identity: WorkloadIdentity): string {
    return `${identity.app}.${identity.namespace}.svc.cluster.local`;
}

const meta = (target: WorkloadIdentity, name = target.app) => ({
    name,
    namespace: target.namespace,
    labels: { ...selectorLabels(target.app), "app.kubernetes.io/part-of": "supply-chain-platform" },
});

/** Namespace-wide PeerAuthentication (`default`); the namespace policy always passes STRICT. */
export function buildPeerAuthentication(namespace: string, mode: "STRICT" | "PERMISSIVE") {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace },
        spec: { mtls: { mode } },
    };
}

/** Namespace-wide allow-nothing AuthorizationPolicy: everything not explicitly allowed is denied. */
export function buildAllowNothing(namespace: string) {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: { name: "allow-nothing", namespace },
        spec: {},
    };
}

/** The per-service ALLOW policy: one rule per caller (methods/paths), one for admins with everything. */
export function buildAuthorizationPolicy(
    target: WorkloadIdentity,
    callers: readonly CallerRule[],
    admins: readonly WorkloadIdentity[],
    trustDomain: string,
) {
    const rule = (id: WorkloadIdentity) => ({
        source: { principals: [principal(trustDomain, id.namespace, id.serviceAccountName)] },
    });
    return {
        apiVersion: "security.istio.io/v1",
        kind: "AuthorizationPolicy",
        metadata: meta(target),
        spec: {
            selector: { matchLabels: { app: target.app } },
            action: "ALLOW",
            rules: [
                ...callers.map((c) => ({
                    from: [rule(c.workload.identity)],
                    ...(c.methods || c.paths
                        ? {
                              to: [
                                  {
                                      operation: {
                                          ...(c.methods ? { methods: [...c.methods] } : {}),
                                          ...(c.paths ? { paths: [...c.paths] } : {}),
                                      },
                                  },
                              ],
                          }
                        : {}),
                })),
                ...(admins.length > 0 ? [{ from: admins.map(rule) }] : []),
            ],
        },
    };
}
