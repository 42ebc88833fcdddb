/**
 * Pure builders for secure, well-behaved pods, shared by Microservice and MLWorkload.
 */

/** UID/GID the containers run as (non-root, above the range distributions reserve). */
export const RUN_AS_USER = 10001;

/** Pod-level security: non-root, RuntimeDefault seccomp, group-owned volumes. */
export function podSecurityContext() {
    return {
        runAsNonRoot: true,
        runAsUser: RUN_AS_USER,
        runAsGroup: RUN_AS_USER,
        fsGroup: RUN_AS_USER,
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/** Container-level security: no escalation, read-only root, every capability dropped. */
export function containerSecurityContext() {
    return {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
    };
}

/** An HTTP GET probe on a named port. */
export function httpProbe(
    path: string,
    port: string,
    timing: {
        initialDelaySeconds: number;
        periodSeconds: number;
        timeoutSeconds: number;
        failureThreshold: number;
    },
) {
    return { httpGet: { path, port }, ...timing };
}

/** Liveness and readiness with the seed's timings, and an optional startup probe for slow starters. */
export function probes(
    paths: {
        liveness: string;
        readiness: string;
        startup?: { path: string; failureThreshold: number };
    },
    port = "http",
) {
    return {
        livenessProbe: httpProbe(paths.liveness, port, {
            initialDelaySeconds: paths.startup ? 0 : 30,
            periodSeconds: 10,
            timeoutSeconds: 5,
            failureThreshold: 3,
        }),
        readinessProbe: httpProbe(paths.readiness, port, {
            initialDelaySeconds: 5,
            periodSeconds: 5,
            timeoutSeconds: 3,
            failureThreshold: 3,
        }),
        ...(paths.startup
            ? {
                  startupProbe: httpProbe(paths.startup.path, port, {
                      initialDelaySeconds: 0,
                      periodSeconds: 5,
                      timeoutSeconds: 3,
                      failureThreshold: paths.startup.failureThreshold,
                  }),
              }
            : {}),
    };
}

/** Preferred anti-affinity on the node, so replicas land on different nodes when they can. */
export function podAntiAffinity(selector: Record<string, string>) {
    return {
        podAntiAffinity: {
            preferredDuringSchedulingIgnoredDuringExecution: [
                {
                    weight: 100,
                    podAffinityTerm: {
                        topologyKey: "kubernetes.io/hostname",
                        labelSelector: { matchLabels: { ...selector } },
                    },
                },
            ],
        },
    };
}

/** Spread across zones (best effort: never blocks scheduling). */
export function zoneSpread(selector: Record<string, string>) {
    return [
        {
            maxSkew: 1,
            topologyKey: "topology.kubernetes.io/zone",
            whenUnsatisfiable: "ScheduleAnyway",
            labelSelector: { matchLabels: { ...selector } },
        },
    ];
}

/** A pod's scheduling constraints towards a node group (tolerations and required node affinity). */
export interface NodeScheduling {
    readonly tolerations: { key: string; operator: "Equal"; value: string; effect: string }[];
    readonly nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: {
                matchExpressions: { key: string; operator: "In"; values: string[] }[];
            }[];
        };
    };
}

/**
 * Scheduling onto one node group, derived from its labels and taints (never from repeated literals):
 * a toleration per taint and a required node affinity on every label.
 */
export function schedulingFor(group: {
    labels: Readonly<Record<string, string>>;
    taints: readonly { key: string; value: string; effect: string }[];
}): NodeScheduling {
    const expressions = Object.entries(group.labels).map(([key, value]) => ({
        key,
        operator: "In" as const,
        values: [value],
    }));
    return {
        tolerations: group.taints.map((t) => ({
            key: t.key,
            operator: "Equal" as const,
            value: t.value,
            effect: t.effect,
        })),
        nodeAffinity:
            expressions.length > 0
                ? {
                      requiredDuringSchedulingIgnoredDuringExecution: {
                          nodeSelectorTerms: [{ matchExpressions: expressions }],
                      },
                  }
                : undefined,
    };
}
