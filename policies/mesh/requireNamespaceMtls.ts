import { field, podTemplate } from "../../lib/kubernetes";
import { EXEMPT_NAMESPACES_SCHEMA } from "../shared/exemptions";
import { kubernetesObjects, stackPolicy, StackFinding } from "../shared/policy";

/** `metadata.namespace`, `default` when unset. */
const namespaceOf = (props: unknown) => field(props, "metadata", "namespace") ?? "default";

interface Config {
    readonly rootNamespace: string;
    readonly exemptNamespaces: string[];
}

/**
 * Every namespace that runs workloads is covered by a STRICT PeerAuthentication: its own namespace-wide
 * one, or (when it has none) the mesh-wide one in the Istio root namespace.
 *
 * @severity critical
 * @link https://istio.io/latest/docs/concepts/security/#peer-authentication
 */
export const requireNamespaceMtls = stackPolicy<Config>({
    name: "mesh-require-namespace-mtls",
    description:
        "Every namespace that runs workloads is covered by a STRICT PeerAuthentication (its own namespace-wide one or the mesh-wide one).",
    severity: "critical",
    remediationSteps:
        "Add a PeerAuthentication without selector and with mtls.mode STRICT to the namespace (or to the Istio root namespace for the whole mesh).",
    url: "https://istio.io/latest/docs/concepts/security/#peer-authentication",
    configSchema: {
        properties: {
            rootNamespace: {
                type: "string",
                default: "istio-system",
                description: "Istio root namespace (mesh-wide policies live here).",
            },
            exemptNamespaces: EXEMPT_NAMESPACES_SCHEMA,
        },
    },
    check: (resources, config) => {
        const objects = kubernetesObjects(resources);
        const wide = new Map<unknown, unknown>(); // namespace -> mode of its namespace-wide PeerAuthentication
        for (const o of objects) {
            if (
                o.k8s.kind === "PeerAuthentication" &&
                Object.keys(Object(field(o.props, "spec", "selector", "matchLabels") ?? {}))
                    .length === 0
            ) {
                wide.set(namespaceOf(o.props), field(o.props, "spec", "mtls", "mode"));
            }
        }
        const meshWide = wide.get(config.rootNamespace);
        const findings: StackFinding[] = [];
        const reported = new Set<unknown>();
        for (const o of objects) {
            if (!podTemplate(o.k8s.kind, o.props)) {
                continue;
            }
            const ns = namespaceOf(o.props);
            if ((config.exemptNamespaces as unknown[]).includes(ns) || reported.has(ns)) {
                continue;
            }
            const own = wide.get(ns);
            const effective = wide.has(ns) ? own : meshWide;
            if (effective !== "STRICT") {
                reported.add(ns);
                const why = wide.has(ns)
                    ? `its namespace-wide PeerAuthentication says ${JSON.stringify(own ?? "unset")}`
                    : meshWide === undefined
                      ? `it has no namespace-wide PeerAuthentication and there is none mesh-wide in ${config.rootNamespace}`
                      : `it has no namespace-wide PeerAuthentication and the mesh-wide one says ${JSON.stringify(meshWide)}`;
                findings.push({
                    urn: o.urn,
                    message: `Namespace '${ns}' runs workloads (e.g. ${o.what}) without STRICT mTLS: ${why}; add a STRICT PeerAuthentication.`,
                });
            }
        }
        return findings;
    },
});
