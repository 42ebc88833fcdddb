/**
 * Renders the Kubernetes objects a program registered as YAML manifests: one file per component (or
 * per namespace for top-level objects), documents in a stable order, secrets redacted.
 */
import { stringify } from "yaml";

import { field, kubernetesTypeToken, parseKubernetesType } from "../../lib/kubernetes";
import { RecordedResource } from "./mocks";
import { writeOwnedFiles } from "./out-dir";
import { REDACTED, redactSecrets } from "./secrets";

/** A rendered object and where it came from. */
export interface Manifest {
    readonly urn: string;
    /** File (relative to the stack's output directory) the object is written to. */
    readonly file: string;
    readonly object: Record<string, unknown>;
}

const KIND_ORDER = [
    "Namespace",
    "CustomResourceDefinition",
    "ServiceAccount",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "ExternalSecret",
    "Service",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "Job",
    "CronJob",
    "HorizontalPodAutoscaler",
    "VerticalPodAutoscaler",
    "PodDisruptionBudget",
    "NetworkPolicy",
];

function kindRank(kind: string): number {
    const i = KIND_ORDER.indexOf(kind);
    return i < 0 ? KIND_ORDER.length : i;
}

/** Removes secret material: Pulumi secrets everywhere, and every value of a Secret's data. */
export function redactManifest(object: Record<string, unknown>): Record<string, unknown> {
    const clean = redactSecrets(object);
    if (clean.kind === "Secret") {
        for (const key of ["data", "stringData"]) {
            const values = clean[key];
            if (values) {
                clean[key] = Object.fromEntries(Object.keys(values).map((k) => [k, REDACTED]));
            }
        }
    }
    return clean;
}

/** The manifests of every Kubernetes object in `resources` (Helm and YAML components excluded). */
export function collectManifests(resources: readonly RecordedResource[]): Manifest[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const manifests: Manifest[] = [];
    for (const r of resources) {
        const t = parseKubernetesType(r.type);
        if (!t) {
            continue;
        }
        const object = redactManifest({ ...r.inputs });
        object.apiVersion ??= t.group === "core" ? t.version : `${t.group}/${t.version}`;
        object.kind ??= t.kind;
        const owner = r.parent ? byUrn.get(r.parent) : undefined;
        const file =
            owner && !parseKubernetesType(owner.type)
                ? `${owner.name}.yaml`
                : `namespace-${field(object, "metadata", "namespace") ?? "cluster"}.yaml`;
        manifests.push({ urn: r.urn, file, object });
    }
    return manifests.sort(
        (a, b) =>
            a.file.localeCompare(b.file) ||
            kindRank(String(a.object.kind)) - kindRank(String(b.object.kind)) ||
            String(field(a.object, "metadata", "namespace") ?? "").localeCompare(
                String(field(b.object, "metadata", "namespace") ?? ""),
            ) ||
            String(field(a.object, "metadata", "name") ?? "").localeCompare(
                String(field(b.object, "metadata", "name") ?? ""),
            ),
    );
}

/**
 * Writes the manifests under `dir`, replacing only the files a previous run wrote there (see
 * out-dir.ts). Returns the files written.
 */
export function writeManifests(dir: string, manifests: readonly Manifest[]): string[] {
    const docs = new Map<string, string[]>();
    for (const m of manifests) {
        docs.set(m.file, [...(docs.get(m.file) ?? []), stringify(m.object, { lineWidth: 0 })]);
    }
    return writeOwnedFiles(
        dir,
        new Map([...docs].map(([file, d]) => [file, `---\n${d.join("---\n")}`])),
    );
}

export { kubernetesTypeToken };
