/**
 * Istio: the base chart (CRDs), istiod and the mesh-wide STRICT mTLS default.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { AddonScope, ChartSource, helmChart, k8sOptions } from "./chart";

/** Namespace of the Istio control plane; its PeerAuthentication is the mesh-wide default. */
export const ISTIO_NAMESPACE = "istio-system";

/** Arguments for {@link installIstio}. */
export interface IstioArgs {
    /** The `base` and `istiod` charts (one version for both). */
    readonly source: ChartSource;
    /**
     * Run istiod with two replicas.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
    /**
     * MeshConfig extension providers (e.g. the OpenTelemetry collector the tracing add-on installs),
     * which Telemetry resources refer to by name.
     *
     * @default []
     */
    readonly extensionProviders?: readonly object[];
}

/** The mesh-wide mTLS default: a PeerAuthentication named `default` in the Istio root namespace. */
export function meshWideStrictMtls() {
    return {
        apiVersion: "security.istio.io/v1",
        kind: "PeerAuthentication",
        metadata: { name: "default", namespace: ISTIO_NAMESPACE },
        spec: { mtls: { mode: "STRICT" } },
    };
}

/** istiod values: sidecars hold application traffic until the proxy is ready, and drain on shutdown. */
export function istiodValues(
    highAvailability: boolean,
    extensionProviders: readonly object[] = [],
) {
    return {
        pilot: {
            autoscaleMin: highAvailability ? 2 : 1,
            replicaCount: highAvailability ? 2 : 1,
            resources: { requests: { cpu: "500m", memory: "2Gi" } },
        },
        meshConfig: {
            defaultConfig: { holdApplicationUntilProxyStarts: true },
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
            ...(extensionProviders.length > 0
                ? { extensionProviders: [...extensionProviders] }
                : {}),
        },
        global: {
            proxy: {
                resources: {
                    requests: { cpu: "100m", memory: "128Mi" },
                    limits: { cpu: "1", memory: "512Mi" },
                },
            },
        },
    };
}

/**
 * Installs the Istio namespace, `base`, `istiod` and the mesh-wide STRICT mTLS default. Returns what
 * Istio custom resources must depend on (empty when disabled).
 */
export function installIstio(scope: AddonScope, args: IstioArgs): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-istio-system`,
        { metadata: { name: ISTIO_NAMESPACE } },
        k8sOptions(scope),
    );
    const base = helmChart(
        scope,
        "istio-base",
        args.source,
        "base",
        ISTIO_NAMESPACE,
        { defaultRevision: "default" },
        [ns],
    );
    const istiod = helmChart(
        scope,
        "istiod",
        args.source,
        "istiod",
        ISTIO_NAMESPACE,
        istiodValues(args.highAvailability ?? false, args.extensionProviders),
        [base],
    );
    const mtls = new k8s.apiextensions.CustomResource(
        `${scope.name}-mesh-mtls`,
        meshWideStrictMtls(),
        k8sOptions(scope, [base, istiod]),
    );
    return [base, istiod, mtls];
}
