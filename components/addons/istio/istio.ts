/**
 * Istio: the base chart (CRDs), istiod (injecting for the CNI node agent) and the mesh-wide STRICT
 * mTLS default.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { podAntiAffinity } from "../../internal/pod";
import { AddonScope, ChartSource, ChartWorkload, helmChart, k8sOptions } from "../core/chart";
import { ISTIO_HUB } from "./istio-cni";
import { leaveWebhookFailurePolicyToIstiod } from "./istio-webhooks";
import * as NS from "../core/namespaces";

/** Namespace of the Istio control plane; its PeerAuthentication is the mesh-wide default. */
export const ISTIO_NAMESPACE = NS.ISTIO_NAMESPACE;

/** Arguments for {@link installIstio}. */
export interface IstioArgs {
    /** The `base` and `istiod` charts (one version for both). */
    readonly source: ChartSource;
    /**
     * Run istiod with two to five replicas (HPA), spread across nodes, with a disruption budget.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
    /**
     * The CNI node agent ({@link installIstioCni}); istiod injects for CNI, so it waits for the agent.
     *
     * @default []
     */
    readonly cni?: pulumi.Resource[];
    /**
     * MeshConfig extension providers (e.g. the OpenTelemetry collector the tracing add-on installs),
     * which Telemetry resources refer to by name.
     *
     * @default []
     */
    readonly extensionProviders?: readonly object[];
    /**
     * The mesh's SPIFFE trust domain (`meshConfig.trustDomain`): istiod issues workload certificates
     * for `spiffe://<trustDomain>/ns/<namespace>/sa/<account>`, and AuthorizationPolicy principals
     * must name the same domain or they match no peer.
     *
     * @default "cluster.local"
     */
    readonly trustDomain?: string;
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

/** istiod's pod labels (templates/deployment.yaml); the anti-affinity and PDB select on `app`. */
const ISTIOD_LABELS = { app: "istiod", istio: "pilot" };

/**
 * istiod values (chart `istiod` of istio/istio 1.30.3, `manifests/charts/istio-control/istio-discovery`).
 * `pilot.*` is copied to the top level by the chart (templates/zzy_descope_legacy.yaml) and read as
 * `pilot.cni.enabled` by the injection template, so injected pods get the unprivileged
 * `istio-validation` init container instead of `istio-init` (files/injection-template.yaml).
 *
 * Highly available: an HPA from 2 to 5 replicas, spread across nodes, with the chart's PDB
 * (`minAvailable: 1`). Otherwise one fixed replica and no PDB, so a drain is never blocked.
 */
export function istiodValues(
    version: string,
    highAvailability: boolean,
    extensionProviders: readonly object[] = [],
    trustDomain = "cluster.local",
) {
    return {
        pilot: {
            autoscaleEnabled: highAvailability,
            autoscaleMin: 2,
            autoscaleMax: 5,
            replicaCount: 1,
            resources: {
                requests: { cpu: "500m", memory: "2Gi" },
                limits: { cpu: "2", memory: "4Gi" },
            },
            seccompProfile: { type: "RuntimeDefault" },
            cni: { enabled: true },
            affinity: highAvailability ? podAntiAffinity({ app: ISTIOD_LABELS.app }) : {},
        },
        meshConfig: {
            // The identity istiod signs (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-trust_domain);
            // the mesh policies' principals are built from the same config value (mesh.trustDomain).
            trustDomain,
            defaultConfig: { holdApplicationUntilProxyStarts: true },
            // Sidecars reach only hosts in the registry: every external host needs a ServiceEntry
            // (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode);
            // each workload's come from its config (components/mesh-policy/README.md).
            outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
            ...(extensionProviders.length > 0
                ? { extensionProviders: [...extensionProviders] }
                : {}),
        },
        global: {
            hub: ISTIO_HUB,
            tag: version,
            defaultPodDisruptionBudget: { enabled: highAvailability },
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
 * istiod's volumes, fixed in templates/deployment.yaml: its DNS certificate in memory, its CA token,
 * and the optional plug-in CA, remote-cluster and istio-csr secrets.
 */
const ISTIOD_VOLUMES = [
    {
        volume: { name: "local-certs", emptyDir: { medium: "Memory" } },
        mount: { name: "local-certs", mountPath: "/var/run/secrets/istio-dns" },
    },
    {
        volume: {
            name: "istio-token",
            projected: {
                sources: [
                    {
                        serviceAccountToken: {
                            audience: "istio-ca",
                            expirationSeconds: 43200,
                            path: "istio-token",
                        },
                    },
                ],
            },
        },
        mount: { name: "istio-token", mountPath: "/var/run/secrets/tokens", readOnly: true },
    },
    ...[
        ["cacerts", "cacerts", "/etc/cacerts"],
        ["istio-kubeconfig", "istio-kubeconfig", "/var/run/secrets/remote"],
        ["istio-csr-dns-cert", "istiod-tls", "/var/run/secrets/istiod/tls"],
    ].map(([name, secretName, mountPath]) => ({
        volume: { name, secret: { secretName, optional: true } },
        mount: { name, mountPath, readOnly: true },
    })),
    {
        volume: {
            name: "istio-csr-ca-configmap",
            configMap: { name: "istio-ca-root-cert", defaultMode: 420, optional: true },
        },
        mount: {
            name: "istio-csr-ca-configmap",
            mountPath: "/var/run/secrets/istiod/ca",
            readOnly: true,
        },
    },
];

/**
 * The istiod Deployment, HPA and PDB the chart renders with {@link istiodValues}
 * (templates/deployment.yaml, autoscale.yaml, poddisruptionbudget.yaml). The container's
 * securityContext and its readiness probe are fixed in the template; the chart has no liveness probe
 * and no value to add one (exempted by namespace in the policy config). The istiod chart names it
 * `istiod` whatever the release (`revision` unset).
 *
 * Checked against istiod 1.30.3 rendered with helm template and the staging and production values.
 */
export function istiodWorkload(values: ReturnType<typeof istiodValues>): ChartWorkload {
    const pilot = values.pilot;
    return {
        kind: "Deployment",
        name: "istiod",
        namespace: ISTIO_NAMESPACE,
        labels: ISTIOD_LABELS,
        replicas: pilot.autoscaleEnabled ? undefined : pilot.replicaCount,
        hpa: pilot.autoscaleEnabled
            ? { minReplicas: pilot.autoscaleMin, maxReplicas: pilot.autoscaleMax }
            : undefined,
        pdb: values.global.defaultPodDisruptionBudget.enabled ? { minAvailable: 1 } : undefined,
        podSpec: {
            ...(Object.keys(pilot.affinity).length > 0 ? { affinity: pilot.affinity } : {}),
            tolerations: [{ key: "cni.istio.io/not-ready", operator: "Exists" }],
            containers: [
                {
                    name: "discovery",
                    image: `${values.global.hub}/pilot:${values.global.tag}`,
                    readinessProbe: {
                        httpGet: { path: "/ready", port: 8080 },
                        initialDelaySeconds: 1,
                        periodSeconds: 3,
                        timeoutSeconds: 5,
                    },
                    resources: pilot.resources,
                    securityContext: {
                        allowPrivilegeEscalation: false,
                        readOnlyRootFilesystem: true,
                        runAsNonRoot: true,
                        capabilities: { drop: ["ALL"] },
                        seccompProfile: pilot.seccompProfile,
                    },
                    volumeMounts: ISTIOD_VOLUMES.map((v) => v.mount),
                },
            ],
            volumes: ISTIOD_VOLUMES.map((v) => v.volume),
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
        { transforms: [leaveWebhookFailurePolicyToIstiod(ISTIO_NAMESPACE)] },
    );
    const istiod = helmChart(
        scope,
        "istiod",
        args.source,
        "istiod",
        ISTIO_NAMESPACE,
        istiodValues(
            args.source.version!,
            args.highAvailability ?? false,
            args.extensionProviders,
            args.trustDomain,
        ),
        [base, ...(args.cni ?? [])],
        { transforms: [leaveWebhookFailurePolicyToIstiod(ISTIO_NAMESPACE)] },
    );
    const mtls = new k8s.apiextensions.CustomResource(
        `${scope.name}-mesh-mtls`,
        meshWideStrictMtls(),
        k8sOptions(scope, [base, istiod]),
    );
    return [base, ...(args.cni ?? []), istiod, mtls];
}
