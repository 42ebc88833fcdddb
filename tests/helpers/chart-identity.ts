/**
 * What identifies a chart workload, as one line per workload: kind, namespace and name, host
 * namespaces, every container's name, image and securityContext, and the volumes by name and type.
 * Tests compare a stack's {@link ChartWorkload} models to these lines as written down from each pinned
 * chart rendered with `helm template` and the stack's values (the rendered output is not kept).
 */
import { ChartWorkload } from "../../components/addons";
import { asRecord } from "../../lib/kubernetes";

/** `value` as JSON with object keys sorted (key order is not part of the identity). */
function canonical(value: unknown): string {
    const sort = (v: unknown): unknown =>
        Array.isArray(v)
            ? v.map(sort)
            : v !== null && typeof v === "object"
              ? Object.fromEntries(
                    Object.keys(v)
                        .sort()
                        .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
                )
              : v;
    return JSON.stringify(sort(value));
}

/** One container: `name=image securityContext`. */
function container(c: unknown): string {
    const r = asRecord(c) ?? {};
    return `${String(r.name)}=${String(r.image)} ${canonical(r.securityContext ?? {})}`;
}

/** One volume: `name:type`, with the path for a host path. */
function volume(v: unknown): string {
    const { name, ...rest } = asRecord(v) ?? {};
    const type = Object.keys(rest)[0];
    const host = type === "hostPath" ? `=${String(asRecord(rest.hostPath)?.path)}` : "";
    return `${String(name)}:${type}${host}`;
}

/** The identity line of a workload given by kind, namespace, name and pod spec. */
export function identityLine(
    kind: string,
    namespace: string,
    name: string,
    pod: Readonly<Record<string, unknown>>,
): string {
    const list = (v: unknown) => (Array.isArray(v) ? (v as unknown[]) : []);
    return [
        `${kind} ${namespace}/${name}`,
        `hostPID=${pod.hostPID === true} hostNetwork=${pod.hostNetwork === true}`,
        `pod ${canonical(pod.securityContext ?? {})}`,
        ...list(pod.initContainers).map((c) => `init ${container(c)}`),
        ...list(pod.containers).map((c) => `container ${container(c)}`),
        `volumes ${list(pod.volumes).map(volume).sort().join(" ")}`,
    ].join(" | ");
}

/** The identity line of a {@link ChartWorkload} model. */
export function workloadIdentity(w: ChartWorkload): string {
    return identityLine(w.kind, w.namespace, w.name, w.podSpec);
}
