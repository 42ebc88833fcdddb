/**
 * Pod templates and containers of every pod-bearing kind, in every API version.
 */
import { field, recordAt, UnknownRecord } from "./fields";
import { K8sObject } from "./objects";

/**
 * Kinds that carry a pod spec, matched by kind in any group and version. `Rollout` is Argo Rollouts'
 * workload (`argoproj.io/v1alpha1`), a Deployment with canary and blue-green strategies: its pod
 * template sits at `spec.template` like a Deployment's (argoproj/argo-rollouts
 * `pkg/apis/rollouts/v1alpha1/types.go`, RolloutSpec.Template). A Rollout that references a
 * Deployment through `spec.workloadRef` has no template of its own; the Deployment carries it.
 */
export const POD_KINDS = [
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
    "Rollout",
] as const;

/** Kinds that run continuously (probes apply to them; not to Jobs and CronJobs). */
export const LONG_RUNNING_KINDS: readonly string[] = POD_KINDS.filter(
    (k) => k !== "Job" && k !== "CronJob",
);

/** Kinds the scheduler spreads as replicas (anti-affinity and PDBs apply to them). */
export const REPLICATED_KINDS = ["Deployment", "StatefulSet", "ReplicaSet", "Rollout"] as const;

/** A pod spec inside an object, with its path and the pod's labels and annotations. */
export interface PodTemplate {
    readonly spec: K8sObject;
    /** Dotted path of the pod spec, e.g. `spec.template.spec`. */
    readonly path: string;
    /** The pod's labels (values as the object holds them; Kubernetes allows strings only). */
    readonly labels: UnknownRecord;
    readonly annotations: UnknownRecord;
}

/** The pod template of a pod-bearing object, or undefined for other kinds or when absent. */
export function podTemplate(kind: string, obj: K8sObject): PodTemplate | undefined {
    if (kind === "Pod") {
        return fromTemplate(obj, "spec");
    }
    if (kind === "CronJob") {
        return fromTemplate(
            field(obj, "spec", "jobTemplate", "spec", "template"),
            "spec.jobTemplate.spec.template.spec",
        );
    }
    return (POD_KINDS as readonly string[]).includes(kind)
        ? fromTemplate(field(obj, "spec", "template"), "spec.template.spec")
        : undefined;
}

/**
 * A pod template (or Pod) `{metadata, spec}` as a {@link PodTemplate}, or undefined without a spec.
 * A spec that is present but not an object (`spec: "x"`) is kept as an empty one, as reading its
 * fields would find none.
 */
function fromTemplate(t: unknown, path: string): PodTemplate | undefined {
    const spec = field(t, "spec");
    return spec
        ? {
              spec: recordAt(t, "spec") ?? {},
              path,
              labels: recordAt(t, "metadata", "labels") ?? {},
              annotations: recordAt(t, "metadata", "annotations") ?? {},
          }
        : undefined;
}

/** One container of a pod spec with where it sits. */
export interface ContainerRef {
    readonly container: UnknownRecord;
    /** `containers`, `initContainers` or `ephemeralContainers`. */
    readonly list: "containers" | "initContainers" | "ephemeralContainers";
    /** Path of the container, e.g. `spec.template.spec.containers[0]`. */
    readonly path: string;
    /** How messages name it: `container 'app'`, `init container 'migrate'`. */
    readonly label: string;
}

const LIST_LABEL = {
    containers: "container",
    initContainers: "init container",
    ephemeralContainers: "ephemeral container",
} as const;

/** Every container, init container and ephemeral container of a pod spec. */
export function containersOf(
    pod: PodTemplate,
    lists: readonly ContainerRef["list"][] = [
        "containers",
        "initContainers",
        "ephemeralContainers",
    ],
): ContainerRef[] {
    const refs: ContainerRef[] = [];
    for (const list of lists) {
        // Unchecked on purpose: a list that is not a list, or a null item, throws here, and the pack
        // reports that object as "could not be checked (malformed object?)" (tools/offline/malformed.ts
        // names the problem first for plain manifests).
        const items = (pod.spec[list] ?? []) as readonly UnknownRecord[];
        items.forEach((container, i) => {
            refs.push({
                container,
                list,
                path: `${pod.path}.${list}[${i}]`,
                label: `${LIST_LABEL[list]} '${container.name ?? i}'`,
            });
        });
    }
    return refs;
}

/** A securityContext of a pod spec (the pod's own or a container's), with where it sits. */
export interface SecurityContextRef {
    readonly securityContext: UnknownRecord;
    /** Path of the securityContext, e.g. `spec.template.spec.containers[0].securityContext`. */
    readonly path: string;
    /** How messages name its owner: the object for the pod level, `<object> container 'app'` otherwise. */
    readonly who: string;
}

/**
 * The pod-level securityContext and every container's (init and ephemeral included), as the Pod
 * Security Standards read them: each control names the pod field and the container fields.
 */
export function securityContextsOf(pod: PodTemplate, what: string): SecurityContextRef[] {
    const refs: SecurityContextRef[] = [];
    const podContext = recordAt(pod.spec, "securityContext");
    if (pod.spec.securityContext && podContext) {
        refs.push({
            securityContext: podContext,
            path: `${pod.path}.securityContext`,
            who: what,
        });
    }
    for (const c of containersOf(pod)) {
        const context = recordAt(c.container, "securityContext");
        if (c.container.securityContext && context) {
            refs.push({
                securityContext: context,
                path: `${c.path}.securityContext`,
                who: `${what} ${c.label}`,
            });
        }
    }
    return refs;
}

/** Path of the pod template's metadata (`metadata` of a Pod, `spec.template.metadata` of a Deployment). */
export function podMetadataPath(pod: PodTemplate): string {
    return pod.path === "spec" ? "metadata" : pod.path.replace(/\.spec$/, ".metadata");
}
