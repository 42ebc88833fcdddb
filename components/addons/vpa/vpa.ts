/**
 * The Vertical Pod Autoscaler: recommender, updater, admission controller and its CRDs, from the
 * FairwindsOps `vpa` chart (4.8.0 ships VPA 1.4.1; `stable/vpa` in FairwindsOps/charts at 9a430e91).
 *
 * Installed with `helm.v3.Release`, not `helm.v4.Chart`: the chart creates the admission controller's
 * TLS secret in a `pre-install` hook Job (templates/webhooks/jobs/certgen-create.yaml) and patches the
 * webhook's caBundle in a `post-install` hook (certgen-patch.yaml). `helm.v4.Chart` drops hooks
 * (pulumi/pulumi-kubernetes#3284), so the admission controller would wait forever for its secret;
 * a Release runs them as Helm does.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import {
    AddonScope,
    ChartSource,
    ChartWorkload,
    ContainerResources,
    k8sOptions,
    releaseName,
} from "../core/chart";

export { KNOWN_VPA_UPDATE_MODES, VPA_UPDATE_MODES, VpaUpdateMode } from "./vpa-modes";

/** Arguments for {@link installVerticalPodAutoscaler}. */
export interface VerticalPodAutoscalerArgs {
    /** The VPA chart. */
    readonly source: ChartSource;
}

/** Requests and limits of each VPA component (the chart sets requests only). */
const COMPONENT_RESOURCES: Record<string, ContainerResources> = {
    recommender: {
        requests: { cpu: "50m", memory: "500Mi" },
        limits: { cpu: "500m", memory: "1Gi" },
    },
    updater: {
        requests: { cpu: "50m", memory: "500Mi" },
        limits: { cpu: "500m", memory: "1Gi" },
    },
    admissionController: {
        requests: { cpu: "50m", memory: "200Mi" },
        limits: { cpu: "500m", memory: "500Mi" },
    },
};

/**
 * VPA values: every component on, with limits. The chart's defaults already give each component
 * liveness and readiness probes and a restricted securityContext (non-root 65534, RuntimeDefault
 * seccomp, read-only root, no capabilities), one replica and no PDB. The certificate hook Jobs get
 * limits too.
 */
export function vpaValues() {
    return {
        recommender: { enabled: true, resources: COMPONENT_RESOURCES.recommender },
        updater: { enabled: true, resources: COMPONENT_RESOURCES.updater },
        admissionController: {
            enabled: true,
            generateCertificate: true,
            resources: COMPONENT_RESOURCES.admissionController,
            certGen: {
                resources: {
                    requests: { cpu: "10m", memory: "32Mi" },
                    limits: { cpu: "100m", memory: "64Mi" },
                },
            },
        },
    };
}

/** Id of the VPA's release (`<ClusterAddons>-vpa`, {@link releaseName}). */
export const VPA_RELEASE_ID = "vpa";

/**
 * The three Deployments chart 4.8.0 renders (templates/*-deployment.yaml), one replica each, named
 * `<release>-<component>` (`_helpers.tpl` `vpa.fullname` is the release name, which contains the
 * chart name); the admission controller mounts its TLS secret `<release>-tls-secret`.
 *
 * Checked against vpa 4.8.0 rendered with helm template and the staging and production values.
 */
export function vpaWorkloads(
    release: string,
    values: ReturnType<typeof vpaValues>,
): ChartWorkload[] {
    const components = [
        ["recommender", values.recommender.resources],
        ["updater", values.updater.resources],
        ["admission-controller", values.admissionController.resources],
    ] as const;
    return components.map(([component, resources]) => ({
        kind: "Deployment",
        name: `${release}-${component}`,
        namespace: "kube-system",
        labels: { "app.kubernetes.io/component": component, "app.kubernetes.io/name": "vpa" },
        replicas: 1,
        podSpec: {
            securityContext: {
                runAsNonRoot: true,
                runAsUser: 65534,
                seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
                {
                    name: "vpa",
                    image: `registry.k8s.io/autoscaling/vpa-${component}:1.4.1`,
                    securityContext: {
                        readOnlyRootFilesystem: true,
                        allowPrivilegeEscalation: false,
                        capabilities: { drop: ["ALL"] },
                    },
                    livenessProbe: {
                        httpGet: { path: "/health-check", port: "metrics" },
                        failureThreshold: 6,
                        periodSeconds: 5,
                    },
                    readinessProbe: {
                        httpGet: { path: "/health-check", port: "metrics" },
                        failureThreshold: 120,
                        periodSeconds: 5,
                    },
                    resources,
                    ...(component === "admission-controller"
                        ? { volumeMounts: [{ name: "tls-certs", mountPath: "/etc/tls-certs" }] }
                        : {}),
                },
            ],
            ...(component === "admission-controller"
                ? {
                      volumes: [
                          { name: "tls-certs", secret: { secretName: `${release}-tls-secret` } },
                      ],
                  }
                : {}),
        },
    }));
}

/**
 * Installs the VPA in kube-system as a Helm release (hooks run). Returns what VerticalPodAutoscaler
 * objects must depend on (empty when disabled).
 */
export function installVerticalPodAutoscaler(
    scope: AddonScope,
    args: VerticalPodAutoscalerArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    const name = releaseName(scope.name, VPA_RELEASE_ID);
    const release = new k8s.helm.v3.Release(
        name,
        {
            // A fixed release name keeps object names stable (`<release>-admission-controller`, ...).
            name,
            chart: "vpa",
            version: args.source.version,
            namespace: "kube-system",
            repositoryOpts: { repo: args.source.repository },
            values: vpaValues(),
        },
        k8sOptions(scope),
    );
    return [release];
}
