/**
 * Stack-level views of workloads: which HPA scales which workload, which PDB covers it.
 */
import { podTemplate, PodTemplate, REPLICATED_KINDS, selectorMatches } from "./kubernetes";
import { kubernetesObjects, StackResource } from "./policy";

type Obj = ReturnType<typeof kubernetesObjects>[number];

/** A replicated workload with its pod template, its HPA (if any) and the PDBs that select its pods. */
export interface Workload {
    readonly object: Obj;
    readonly pod: PodTemplate;
    readonly namespace: string;
    readonly hpa?: Obj;
    readonly pdbs: Obj[];
}

const nsOf = (o: Obj) => o.props.metadata?.namespace ?? "default";

/** Deployments, StatefulSets and ReplicaSets of the stack, joined with their HPA and PDBs. */
export function replicatedWorkloads(resources: readonly StackResource[]): Workload[] {
    const objects = kubernetesObjects(resources);
    const hpas = objects.filter((o) => o.k8s.kind === "HorizontalPodAutoscaler");
    const pdbs = objects.filter((o) => o.k8s.kind === "PodDisruptionBudget");
    return objects.flatMap((o) => {
        const pod = podTemplate(o.k8s.kind, o.props);
        if (!(REPLICATED_KINDS as readonly string[]).includes(o.k8s.kind) || !pod) {
            return [];
        }
        const namespace = nsOf(o);
        const name = o.props.metadata?.name;
        const hpa = hpas.find(
            (h) =>
                nsOf(h) === namespace &&
                h.props.spec?.scaleTargetRef?.kind === o.k8s.kind &&
                h.props.spec?.scaleTargetRef?.name === name,
        );
        return [
            {
                object: o,
                pod,
                namespace,
                hpa,
                pdbs: pdbs.filter(
                    (p) =>
                        nsOf(p) === namespace &&
                        selectorMatches(p.props.spec?.selector, pod.labels),
                ),
            },
        ];
    });
}

/** Resolves an int-or-percent against a replica count (percentages round up, as the disruption controller does). */
export function resolveIntOrPercent(value: unknown, replicas: number): number | undefined {
    if (typeof value === "number") {
        return value;
    }
    const m = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
    return m ? Math.ceil((Number(m[1]) * replicas) / 100) : undefined;
}
