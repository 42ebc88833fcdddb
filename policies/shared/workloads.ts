/**
 * Stack-level views of workloads: which HPA scales which workload, which PDB covers it.
 */
import {
    field,
    PodTemplate,
    podTemplate,
    recordAt,
    REPLICATED_KINDS,
    selectorMatches,
    stringAt,
    UnknownRecord,
} from "../../lib/kubernetes";
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

/** The object's namespace (`default` when unset; the API server accepts strings only). */
const nsOf = (o: Obj): string => stringAt(o.props, "metadata", "namespace") ?? "default";

/**
 * PDBs indexed for lookup by pod labels: under `<namespace>\0<key>=<value>` of their first
 * `matchLabels` entry (a PDB can only select pods carrying that label), or in `scan` when they have
 * none. Keeps the join linear for stacks and manifest sets of any size; order is the PDBs' own.
 */
function indexPdbs(pdbs: readonly Obj[]) {
    const byLabel = new Map<string, number[]>();
    const scan: number[] = [];
    pdbs.forEach((p, i) => {
        const first = Object.entries(recordAt(p.props, "spec", "selector", "matchLabels") ?? {})[0];
        if (!first) {
            scan.push(i);
            return;
        }
        const key = `${nsOf(p)}\0${first[0]}=${String(first[1])}`;
        byLabel.set(key, [...(byLabel.get(key) ?? []), i]);
    });
    return (namespace: string, labels: UnknownRecord): Obj[] => {
        const candidates = new Set(scan);
        for (const [k, v] of Object.entries(labels)) {
            for (const i of byLabel.get(`${namespace}\0${k}=${v}`) ?? []) {
                candidates.add(i);
            }
        }
        return [...candidates]
            .sort((a, b) => a - b)
            .map((i) => pdbs[i])
            .filter(
                (p) =>
                    nsOf(p) === namespace &&
                    selectorMatches(field(p.props, "spec", "selector"), labels),
            );
    };
}

/** Deployments, StatefulSets and ReplicaSets of the stack, joined with their HPA and PDBs. */
export function replicatedWorkloads(resources: readonly StackResource[]): Workload[] {
    const objects = kubernetesObjects(resources);
    const hpas = new Map<string, Obj>();
    for (const h of objects.filter((o) => o.k8s.kind === "HorizontalPodAutoscaler")) {
        const ref = field(h.props, "spec", "scaleTargetRef");
        const key = `${nsOf(h)}\0${field(ref, "kind")}\0${field(ref, "name")}`;
        if (!hpas.has(key)) {
            hpas.set(key, h); // the first match, as a linear search would find it
        }
    }
    const pdbsFor = indexPdbs(objects.filter((o) => o.k8s.kind === "PodDisruptionBudget"));
    return objects.flatMap((o) => {
        const pod = podTemplate(o.k8s.kind, o.props);
        if (!(REPLICATED_KINDS as readonly string[]).includes(o.k8s.kind) || !pod) {
            return [];
        }
        const namespace = nsOf(o);
        const name = field(o.props, "metadata", "name");
        const hpa = hpas.get(`${namespace}\0${o.k8s.kind}\0${name}`);
        return [
            {
                object: o,
                pod,
                namespace,
                hpa,
                pdbs: pdbsFor(namespace, pod.labels),
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
