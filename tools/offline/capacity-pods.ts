/**
 * The pods a node group must hold, from the program's resources and the add-on models, and what each
 * requests.
 *
 * Sidecar injection follows Istio's injection policy (https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/,
 * "Controlling the injection policy"): the pod's `sidecar.istio.io/inject` label decides first, then
 * the namespace's `istio-injection` / `istio.io/rev` label; host-network pods are never injected, and a
 * gateway (`inject.istio.io/templates: gateway`) is the proxy itself. The sidecar requests are the
 * mesh's `global.proxy.resources.requests`, unless the pod overrides them with the
 * `sidecar.istio.io/proxyCPU` / `proxyMemory` annotations
 * (https://istio.io/latest/docs/reference/config/annotations/).
 */
import type { ChartWorkload } from "../../components/addons/core/chart";
import { field, itemsAt, parseQuantity, podTemplate, UnknownRecord } from "../../lib/kubernetes";
import { ownValue } from "../../lib/records";
import { RecordedResource } from "./mocks";

/** Requests of the sidecar istiod injects (the mesh's `global.proxy.resources.requests`). */
export interface SidecarRequests {
    readonly cpu?: string;
    readonly memory?: string;
}

/** A pod-bearing object, from the program or an add-on model. */
export interface PodSource {
    name: string;
    source: "program" | "add-on";
    daemonSet: boolean;
    spec: UnknownRecord;
    labels: UnknownRecord;
    annotations: UnknownRecord;
    namespace: string;
    minReplicas: number;
    replicas: number;
}

/** The program's pod-bearing resources (Jobs and CronJobs run to completion and are left out). */
export function programPods(resources: readonly RecordedResource[]): PodSource[] {
    const hpas = resources.filter((r) => /:HorizontalPodAutoscaler$/.test(r.type));
    const pods: PodSource[] = [];
    for (const r of resources) {
        const kind = r.type.split(":").pop()!;
        const pod = r.type.startsWith("kubernetes:") ? podTemplate(kind, r.inputs) : undefined;
        if (!pod || kind === "Job" || kind === "CronJob") {
            continue;
        }
        const meta = (r.inputs.metadata ?? {}) as { name?: string; namespace?: string };
        const namespace = meta.namespace ?? "default";
        const hpa = hpas.find(
            (h) =>
                field(h.inputs, "spec", "scaleTargetRef", "kind") === kind &&
                field(h.inputs, "spec", "scaleTargetRef", "name") === meta.name &&
                field(h.inputs, "metadata", "namespace") === meta.namespace,
        );
        const fixed = Number(field(r.inputs, "spec", "replicas") ?? 1);
        pods.push({
            name: `${namespace}/${meta.name ?? r.name}`,
            source: "program",
            daemonSet: kind === "DaemonSet",
            spec: pod.spec,
            labels: pod.labels,
            annotations: pod.annotations,
            namespace,
            minReplicas: hpa ? Number(field(hpa.inputs, "spec", "minReplicas") ?? 1) : fixed,
            replicas: hpa ? Number(field(hpa.inputs, "spec", "maxReplicas") ?? 1) : fixed,
        });
    }
    return pods;
}

export function addonPods(workloads: readonly ChartWorkload[]): PodSource[] {
    return workloads.map((w) => ({
        name: `${w.namespace}/${w.name}`,
        source: "add-on",
        daemonSet: w.kind === "DaemonSet",
        spec: w.podSpec,
        labels: w.labels,
        annotations: w.annotations ?? {},
        namespace: w.namespace,
        minReplicas: w.hpa?.minReplicas ?? w.replicas ?? 1,
        replicas: w.hpa?.maxReplicas ?? w.replicas ?? 1,
    }));
}

/** Namespace name -> labels, from the program's Namespace objects. */
export function namespaceLabels(
    resources: readonly RecordedResource[],
): Map<string, UnknownRecord> {
    return new Map(
        resources
            .filter((r) => r.type === "kubernetes:core/v1:Namespace")
            .map((r) => [
                String(field(r.inputs, "metadata", "name") ?? r.name),
                (field(r.inputs, "metadata", "labels") ?? {}) as UnknownRecord,
            ]),
    );
}

/** Whether istiod injects a sidecar into this pod (Istio's injection policy, see the file comment). */
export function injected(pod: PodSource, namespaces: Map<string, UnknownRecord>): boolean {
    if (field(pod.spec, "hostNetwork") === true) {
        return false;
    }
    if (ownValue(pod.annotations, "inject.istio.io/templates") === "gateway") {
        return false;
    }
    const podFlag =
        ownValue(pod.labels, "sidecar.istio.io/inject") ??
        ownValue(pod.annotations, "sidecar.istio.io/inject");
    if (podFlag === "false") {
        return false;
    }
    if (podFlag === "true") {
        return true;
    }
    const ns = namespaces.get(pod.namespace) ?? {};
    return (
        ownValue(ns, "istio-injection") === "enabled" ||
        (ownValue(ns, "istio-injection") === undefined &&
            ownValue(ns, "istio.io/rev") !== undefined)
    );
}

/** CPU (cores) and memory (bytes) one pod requests: its containers, and its sidecar when injected. */
export function podRequests(
    pod: PodSource,
    sidecar: SidecarRequests | undefined,
): { cpu: number; memory: number } {
    let cpu = 0;
    let memory = 0;
    for (const c of itemsAt(pod.spec, "containers")) {
        cpu += parseQuantity(field(c, "resources", "requests", "cpu")) ?? 0;
        memory += parseQuantity(field(c, "resources", "requests", "memory")) ?? 0;
    }
    if (sidecar) {
        cpu +=
            parseQuantity(ownValue(pod.annotations, "sidecar.istio.io/proxyCPU") ?? sidecar.cpu) ??
            0;
        memory +=
            parseQuantity(
                ownValue(pod.annotations, "sidecar.istio.io/proxyMemory") ?? sidecar.memory,
            ) ?? 0;
    }
    return { cpu, memory };
}
