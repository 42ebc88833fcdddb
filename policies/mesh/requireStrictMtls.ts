import { field, itemsAt, UnknownRecord } from "../../lib/kubernetes";
import { kubernetesPolicy } from "../shared/policy";

const WEAK_PEER_MODES: readonly unknown[] = ["PERMISSIVE", "DISABLE"];
const WEAK_TLS_MODES: readonly unknown[] = ["DISABLE", "SIMPLE"];

function peerAuthenticationFindings(obj: UnknownRecord, what: string): string[] {
    const spec = field(obj, "spec") ?? {};
    const mode = field(spec, "mtls", "mode");
    const messages: string[] = [];
    const workloadLevel =
        field(spec, "selector") !== undefined &&
        Object.keys(Object(field(spec, "selector", "matchLabels") ?? {})).length > 0;
    if (WEAK_PEER_MODES.includes(mode)) {
        messages.push(`${what} sets spec.mtls.mode=${mode}; set it to STRICT.`);
    } else if (!workloadLevel && mode !== "STRICT") {
        messages.push(
            `${what} is namespace- or mesh-wide but spec.mtls.mode is ${JSON.stringify(mode ?? "unset")}; set it to STRICT explicitly.`,
        );
    }
    for (const [port, setting] of Object.entries(Object(field(spec, "portLevelMtls") ?? {}))) {
        if (WEAK_PEER_MODES.includes(field(setting, "mode"))) {
            messages.push(
                `${what} sets spec.portLevelMtls.${port}.mode=${field(setting, "mode")}; set it to STRICT or remove the port override.`,
            );
        }
    }
    return messages;
}

function trafficPolicyFindings(tp: unknown, path: string, what: string): string[] {
    if (!tp) {
        return [];
    }
    const messages: string[] = [];
    if (WEAK_TLS_MODES.includes(field(tp, "tls", "mode"))) {
        messages.push(
            `${what} sets ${path}.tls.mode=${field(tp, "tls", "mode")}; use ISTIO_MUTUAL (or remove it to inherit mesh mTLS).`,
        );
    }
    itemsAt(tp, "portLevelSettings").forEach((p, i) => {
        if (WEAK_TLS_MODES.includes(field(p, "tls", "mode"))) {
            messages.push(
                `${what} sets ${path}.portLevelSettings[${i}].tls.mode=${field(p, "tls", "mode")}; use ISTIO_MUTUAL.`,
            );
        }
    });
    return messages;
}

/**
 * Istio traffic is mutually authenticated: no PeerAuthentication is PERMISSIVE or DISABLE, namespace- and
 * mesh-wide ones say STRICT explicitly, and no DestinationRule turns TLS off or to one-way SIMPLE.
 *
 * @severity critical
 * @link https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export const requireStrictMtls = kubernetesPolicy({
    name: "mesh-require-strict-mtls",
    description:
        "PeerAuthentications are STRICT (never PERMISSIVE or DISABLE, explicit when namespace- or mesh-wide); DestinationRules never use TLS mode DISABLE or SIMPLE.",
    severity: "critical",
    remediationSteps:
        "Set spec.mtls.mode: STRICT on PeerAuthentications and remove PERMISSIVE port overrides; use tls.mode ISTIO_MUTUAL in DestinationRules.",
    url: "https://istio.io/latest/docs/reference/config/security/peer_authentication/",
    kinds: ["PeerAuthentication", "DestinationRule"],
    applies: (t) =>
        (t.group === "security.istio.io" && t.kind === "PeerAuthentication") ||
        (t.group === "networking.istio.io" && t.kind === "DestinationRule"),
    check: ({ type, obj, what }) => {
        if (type.kind === "PeerAuthentication") {
            return peerAuthenticationFindings(obj, what);
        }
        return [
            ...trafficPolicyFindings(
                field(obj, "spec", "trafficPolicy"),
                "spec.trafficPolicy",
                what,
            ),
            ...itemsAt(obj, "spec", "subsets").flatMap((s, i) =>
                trafficPolicyFindings(
                    field(s, "trafficPolicy"),
                    `spec.subsets[${i}].trafficPolicy`,
                    what,
                ),
            ),
        ];
    },
});
