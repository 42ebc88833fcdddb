import { kubernetesPolicy } from "../shared/policy";
import { field, POD_KINDS, podTemplate, recordAt } from "../../lib/kubernetes";
import { EXEMPT_NAMESPACES_SCHEMA } from "../shared/exemptions";

interface Config {
    readonly exemptNamespaces: string[];
}

const INJECT = "sidecar.istio.io/inject";

/**
 * Workloads join the mesh: namespaces enable Istio sidecar injection and pods do not opt out.
 *
 * @severity high
 * @link https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 */
export const requireSidecarInjection = kubernetesPolicy<Config>({
    name: "mesh-require-sidecar-injection",
    description:
        "Namespaces enable Istio sidecar injection (istio-injection=enabled or istio.io/rev) and pods do not set sidecar.istio.io/inject=false.",
    severity: "high",
    remediationSteps:
        "Label the namespace istio-injection=enabled and remove sidecar.istio.io/inject=false from pod templates.",
    url: "https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/",
    configSchema: {
        properties: {
            exemptNamespaces: EXEMPT_NAMESPACES_SCHEMA,
        },
    },
    kinds: ["Namespace", ...POD_KINDS],
    applies: (t, obj) =>
        (t.group === "core" && t.kind === "Namespace") || podTemplate(t.kind, obj) !== undefined,
    check: ({ type, obj, what, pod, config }) => {
        if (type.kind === "Namespace") {
            const name = field(obj, "metadata", "name");
            const labels = recordAt(obj, "metadata", "labels") ?? {};
            if (
                (config.exemptNamespaces as unknown[]).includes(name) ||
                labels["istio-injection"] === "enabled" ||
                labels["istio.io/rev"]
            ) {
                return [];
            }
            return [
                `${what} does not enable sidecar injection (metadata.labels["istio-injection"] is ${JSON.stringify(labels["istio-injection"] ?? "unset")}); label it istio-injection=enabled.`,
            ];
        }
        if ((config.exemptNamespaces as unknown[]).includes(field(obj, "metadata", "namespace"))) {
            return [];
        }
        const messages: string[] = [];
        for (const [where, map] of [
            ["annotations", pod!.annotations],
            ["labels", pod!.labels],
        ] as const) {
            if (String(map[INJECT]).toLowerCase() === "false") {
                const path =
                    pod!.path === "spec" ? "metadata" : pod!.path.replace(/\.spec$/, ".metadata");
                messages.push(
                    `${what} opts out of the mesh (${path}.${where}["${INJECT}"]="false"); remove it.`,
                );
            }
        }
        return messages;
    },
});
