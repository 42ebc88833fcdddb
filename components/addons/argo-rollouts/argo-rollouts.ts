/**
 * Argo Rollouts: the progressive delivery controller that runs services declaring `delivery` as
 * `Rollout`s and shifts their traffic through the VirtualService and DestinationRule that MeshPolicy
 * owns (docs/operations.md, "Progressive delivery").
 *
 * Chart `argo-rollouts` 2.41.0 (Argo Rollouts v1.9.0) of argoproj/argo-helm (`charts/argo-rollouts`,
 * commit af0a9310). Its CRDs are plain templates under `templates/crds/` guarded by `installCRDs`, not
 * Helm hooks, so `helm.v4.Chart` (which drops hooks, pulumi/pulumi-kubernetes#3284) installs them and
 * depending on the chart waits for them. The chart renders no hook at all.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { podAntiAffinity } from "../../internal/pod";
import {
    AddonScope,
    ChartSource,
    ChartWorkload,
    ContainerResources,
    helmChart,
    k8sOptions,
    podSecurityLabels,
} from "../core/chart";
import * as NS from "../core/namespaces";

/** Namespace of the Argo Rollouts controller (outside the mesh, like the other operators). */
export const ARGO_ROLLOUTS_NAMESPACE = NS.ARGO_ROLLOUTS_NAMESPACE;
/** Name of the controller's Deployment, ServiceAccount and metrics Service (`fullnameOverride`). */
export const ARGO_ROLLOUTS_NAME = "argo-rollouts";

/** Arguments for {@link installArgoRollouts}. */
export interface ArgoRolloutsArgs {
    /** The `argo-rollouts` chart. */
    readonly source: ChartSource;
    /**
     * Two controller replicas (leader election) spread across nodes, with a disruption budget.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
    /**
     * Labels Prometheus selects ServiceMonitors by; when given, the controller's metrics are scraped
     * (the chart's ServiceMonitor needs the Prometheus operator CRDs: pass `monitoring`).
     *
     * @default - no ServiceMonitor
     */
    readonly monitorLabels?: Readonly<Record<string, string>>;
    /** What the ServiceMonitor waits for (the monitoring chart and its CRDs). @default [] */
    readonly monitoring?: pulumi.Resource[];
}

/** Pod labels of the controller (chart `argo-rollouts.selectorLabels` plus the component label). */
export const ARGO_ROLLOUTS_LABELS = {
    "app.kubernetes.io/name": "argo-rollouts",
    "app.kubernetes.io/component": "rollouts-controller",
};

/** Requests and limits of the controller (the chart sets none: `controller.resources: {}`). */
const CONTROLLER_RESOURCES: ContainerResources = {
    requests: { cpu: "100m", memory: "128Mi" },
    limits: { cpu: "500m", memory: "512Mi" },
};

/**
 * The image runs as user 999 (argoproj/argo-rollouts `Dockerfile`, `USER 999`); the pod says so, so
 * the kubelet can check `runAsNonRoot` and the pack sees a non-root user.
 */
const POD_SECURITY_CONTEXT = {
    runAsNonRoot: true,
    runAsUser: 999,
    runAsGroup: 999,
    seccompProfile: { type: "RuntimeDefault" },
};

/** The chart's container securityContext (values.yaml `containerSecurityContext`), kept as is. */
const CONTAINER_SECURITY_CONTEXT = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    readOnlyRootFilesystem: true,
    seccompProfile: { type: "RuntimeDefault" },
};

/**
 * Values of chart 2.41.0 (values.yaml): CRDs installed and kept on uninstall, the controller with
 * limits and a non-root pod, RBAC only for the Istio traffic router (the chart grants ten providers by
 * default; we use one), no dashboard. Probes are the chart's (liveness `/healthz` on `healthz`,
 * readiness `/metrics` on `metrics`). Highly available: two replicas with `--leader-elect` (the
 * template adds it when `replicas > 1`), spread across nodes, `minAvailable: 1`; otherwise one replica
 * and no PDB (a PDB with `minAvailable: 1` over one replica would block every node drain).
 */
export function argoRolloutsValues(
    highAvailability: boolean,
    monitorLabels?: Readonly<Record<string, string>>,
) {
    const providers = [
        "istio",
        "smi",
        "ambassador",
        "awsLoadBalancerController",
        "awsAppMesh",
        "traefik",
        "apisix",
        "contour",
        "glooPlatform",
        "gatewayAPI",
    ];
    return {
        installCRDs: true,
        keepCRDs: true,
        fullnameOverride: ARGO_ROLLOUTS_NAME,
        podSecurityContext: POD_SECURITY_CONTEXT,
        containerSecurityContext: CONTAINER_SECURITY_CONTEXT,
        controller: {
            replicas: highAvailability ? 2 : 1,
            resources: CONTROLLER_RESOURCES,
            affinity: highAvailability ? podAntiAffinity(ARGO_ROLLOUTS_LABELS) : {},
            pdb: { enabled: highAvailability, minAvailable: 1 },
            metrics: {
                enabled: monitorLabels !== undefined,
                serviceMonitor: {
                    enabled: monitorLabels !== undefined,
                    additionalLabels: { ...monitorLabels },
                },
            },
        },
        providerRBAC: {
            enabled: true,
            providers: Object.fromEntries(providers.map((p) => [p, p === "istio"])),
        },
        dashboard: { enabled: false },
    };
}

/**
 * The controller Deployment chart 2.41.0 renders with {@link argoRolloutsValues}
 * (`templates/controller/deployment.yaml`): probes from values.yaml, the `plugin-bin` and `tmp`
 * emptyDirs, terminationGracePeriodSeconds 30.
 *
 * Checked against argo-rollouts 2.41.0 rendered with helm template and the staging and production values.
 */
export function argoRolloutsWorkload(
    values: ReturnType<typeof argoRolloutsValues>,
    appVersion = "v1.9.0",
): ChartWorkload {
    const c = values.controller;
    return {
        kind: "Deployment",
        name: ARGO_ROLLOUTS_NAME,
        namespace: ARGO_ROLLOUTS_NAMESPACE,
        labels: ARGO_ROLLOUTS_LABELS,
        replicas: c.replicas,
        pdb: c.pdb.enabled ? { minAvailable: c.pdb.minAvailable } : undefined,
        podSpec: {
            serviceAccountName: ARGO_ROLLOUTS_NAME,
            securityContext: values.podSecurityContext,
            terminationGracePeriodSeconds: 30,
            ...(Object.keys(c.affinity).length > 0 ? { affinity: c.affinity } : {}),
            containers: [
                {
                    name: "argo-rollouts",
                    image: `quay.io/argoproj/argo-rollouts:${appVersion}`,
                    ports: [
                        { name: "metrics", containerPort: 8090 },
                        { name: "healthz", containerPort: 8080 },
                    ],
                    livenessProbe: {
                        httpGet: { path: "/healthz", port: "healthz" },
                        initialDelaySeconds: 30,
                        periodSeconds: 20,
                        failureThreshold: 3,
                        successThreshold: 1,
                        timeoutSeconds: 10,
                    },
                    readinessProbe: {
                        httpGet: { path: "/metrics", port: "metrics" },
                        initialDelaySeconds: 15,
                        periodSeconds: 5,
                        failureThreshold: 3,
                        successThreshold: 1,
                        timeoutSeconds: 4,
                    },
                    securityContext: values.containerSecurityContext,
                    resources: c.resources,
                    volumeMounts: [
                        { name: "plugin-bin", mountPath: "/home/argo-rollouts/plugin-bin" },
                        { name: "tmp", mountPath: "/tmp" },
                    ],
                },
            ],
            volumes: [
                { name: "plugin-bin", emptyDir: {} },
                { name: "tmp", emptyDir: {} },
            ],
        },
    };
}

/**
 * Pod Security Standards `restricted` on the controller's namespace: the chart's pod passes it, so
 * the namespace enforces it.
 */
export function argoRolloutsNamespace() {
    return {
        metadata: {
            name: ARGO_ROLLOUTS_NAMESPACE,
            labels: podSecurityLabels("restricted"),
        },
    };
}

/**
 * Installs the namespace and the chart. Returns what Rollouts and AnalysisTemplates must depend on
 * (the chart, which installs their CRDs); empty when disabled.
 */
export function installArgoRollouts(scope: AddonScope, args: ArgoRolloutsArgs): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-argo-rollouts`,
        argoRolloutsNamespace(),
        k8sOptions(scope),
    );
    const monitored = args.monitorLabels !== undefined;
    return [
        helmChart(
            scope,
            "argo-rollouts",
            args.source,
            "argo-rollouts",
            ARGO_ROLLOUTS_NAMESPACE,
            argoRolloutsValues(args.highAvailability ?? false, args.monitorLabels),
            [ns, ...(monitored ? (args.monitoring ?? []) : [])],
        ),
    ];
}
