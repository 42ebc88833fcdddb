/**
 * Kubernetes labels every object of the platform carries: the recommended `app.kubernetes.io/*` set plus
 * `app` and `version`, which Istio uses for telemetry and subsets.
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/
 */

/** The application suite every workload belongs to. */
export const PART_OF = "supply-chain-platform";

/** Identity of a workload's pods, enough to select them and to name their service account. */
export interface WorkloadIdentity {
    /** Workload name (`app` label, Service and ServiceAccount name). */
    readonly app: string;
    readonly namespace: string;
    readonly serviceAccountName: string;
}

/** The identity of the workload called `name` in `namespace` (service account named after it). */
export function workloadIdentity(name: string, namespace: string): WorkloadIdentity {
    return { app: name, namespace, serviceAccountName: name };
}

/** Labels that select a workload's pods. Stable for the life of the workload (selectors are immutable). */
export function selectorLabels(app: string): Record<string, string> {
    return { app, "app.kubernetes.io/name": app };
}

/** All labels of a workload's objects and pods. */
export function workloadLabels(
    app: string,
    version: string,
    component: string,
): Record<string, string> {
    return {
        ...selectorLabels(app),
        "app.kubernetes.io/instance": app,
        "app.kubernetes.io/version": version,
        "app.kubernetes.io/component": component,
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "pulumi",
        version,
    };
}

/**
 * Pod label that tells stable pods from canary pods of one workload. Unlike `version`, it does not change
 * when the image is bumped, so the `stable` subset keeps its ready endpoints through a rolling update;
 * canary pods share the workload's selector labels and carry `track: canary`.
 */
export const TRACK_LABEL = "track";

/** Values of {@link TRACK_LABEL}. */
export const TRACKS = { stable: "stable", canary: "canary" } as const;

/** The Pod Security Standards level a namespace enforces and warns at (Pod Security Admission labels). */
export function podSecurityLabels(level: "privileged" | "baseline" | "restricted") {
    return {
        "pod-security.kubernetes.io/enforce": level,
        "pod-security.kubernetes.io/warn": level,
    };
}

/**
 * Labels of a namespace whose pods join the mesh: Istio sidecar injection on, Pod Security Standards
 * `restricted` (the injected proxy passes it because the Istio CNI agent sets up traffic redirection).
 */
export function meshedNamespaceLabels(): Record<string, string> {
    return {
        "istio-injection": "enabled",
        ...podSecurityLabels("restricted"),
        "app.kubernetes.io/part-of": PART_OF,
        "app.kubernetes.io/managed-by": "pulumi",
    };
}
