import { field, itemsAt, UnknownRecord } from "../../lib/kubernetes";
import {
    migrationWindowRefusal,
    utcToday,
    workloadSelector,
} from "../../lib/kubernetes/mtls-migration";
import { kubernetesPolicy } from "../shared/policy";

const WEAK_PEER_MODES: readonly unknown[] = ["PERMISSIVE", "DISABLE"];
const WEAK_TLS_MODES: readonly unknown[] = ["DISABLE", "SIMPLE"];

interface Config {
    /** Namespaces where a workload-level PERMISSIVE migration window may exist. */
    readonly migrationNamespaces: unknown[];
}

/**
 * PERMISSIVE is admitted only as an open migration window (lib/kubernetes/mtls-migration.ts); DISABLE
 * never. `today` is the UTC date the check runs on.
 */
function peerAuthenticationFindings(
    obj: UnknownRecord,
    what: string,
    config: Config,
    today: string,
): string[] {
    const spec = field(obj, "spec");
    const mode = field(spec, "mtls", "mode");
    const messages: string[] = [];
    const refusal = () => migrationWindowRefusal(obj, config.migrationNamespaces ?? [], today);
    const weak = (path: string, value: unknown, fix: string) => {
        if (value === "DISABLE") {
            messages.push(`${what} sets ${path}=DISABLE; ${fix}.`);
            return;
        }
        const why = refusal();
        if (why !== undefined) {
            messages.push(
                `${what} sets ${path}=PERMISSIVE; ${fix}. It is not an open migration window: ${why}.`,
            );
        }
    };
    if (WEAK_PEER_MODES.includes(mode)) {
        weak("spec.mtls.mode", mode, "set it to STRICT");
    } else if (!workloadSelector(obj) && mode !== "STRICT") {
        messages.push(
            `${what} is namespace- or mesh-wide but spec.mtls.mode is ${JSON.stringify(mode ?? "unset")}; set it to STRICT explicitly.`,
        );
    }
    const ports = field(spec, "portLevelMtls");
    if (ports !== null && typeof ports === "object") {
        for (const [port, setting] of Object.entries(ports)) {
            const portMode = field(setting, "mode");
            if (WEAK_PEER_MODES.includes(portMode)) {
                weak(
                    `spec.portLevelMtls.${port}.mode`,
                    portMode,
                    "set it to STRICT or remove the port override",
                );
            }
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
 * Istio traffic is mutually authenticated: no PeerAuthentication is DISABLE, none is PERMISSIVE except
 * an open migration window (workload-level, in a namespace the stack's config lists, with a reason and
 * an end date not yet passed), namespace- and mesh-wide ones say STRICT explicitly, and no
 * DestinationRule turns TLS off or to one-way SIMPLE.
 *
 * @severity critical
 * @link https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export const requireStrictMtls = kubernetesPolicy<Config>({
    name: "mesh-require-strict-mtls",
    description:
        "PeerAuthentications are STRICT (never DISABLE, PERMISSIVE only as an open workload-level migration window in a listed namespace, explicit when namespace- or mesh-wide); DestinationRules never use TLS mode DISABLE or SIMPLE.",
    severity: "critical",
    remediationSteps:
        "Set spec.mtls.mode: STRICT on PeerAuthentications and remove PERMISSIVE port overrides (or declare mesh.migrationWindow in a stack whose policy config lists the namespace in migrationNamespaces); use tls.mode ISTIO_MUTUAL in DestinationRules.",
    url: "https://istio.io/latest/docs/reference/config/security/peer_authentication/",
    configSchema: {
        properties: {
            migrationNamespaces: {
                type: "array",
                items: { type: "string" },
                default: [],
                description:
                    "Namespaces where a workload-level PERMISSIVE PeerAuthentication is admitted while its migration window is open (annotations supply-chain-platform/mtls-migration-until and -reason).",
            },
        },
    },
    kinds: ["PeerAuthentication", "DestinationRule"],
    applies: (t) =>
        (t.group === "security.istio.io" && t.kind === "PeerAuthentication") ||
        (t.group === "networking.istio.io" && t.kind === "DestinationRule"),
    check: ({ type, obj, what, config }) => {
        if (type.kind === "PeerAuthentication") {
            return peerAuthenticationFindings(obj, what, config, utcToday());
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
