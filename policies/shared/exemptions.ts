/**
 * Namespace exemptions with a reason: the only way a stack's policy config lets a third-party workload
 * that cannot comply (a node agent that needs host access) through a policy, without turning the
 * policy off for anything else.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";

import { reasonProblem } from "../../lib/text/reason";

type JsonSchema = PolicyConfigSchema["properties"][string];

/** One exempted namespace and why (shown in `notApplicable` and kept in the stack's policy config). */
export interface NamespaceExemption {
    readonly namespace: string;
    readonly reason: string;
}

/** Config knob `exemptions` of the workload policies: a list of `{namespace, reason}`. */
export const EXEMPTIONS_SCHEMA: JsonSchema = {
    type: "array",
    default: [],
    items: {
        type: "object",
        required: ["namespace", "reason"],
        additionalProperties: false,
        properties: {
            namespace: { type: "string", minLength: 1 },
            reason: { type: "string", minLength: 20 },
        },
    },
    description:
        "Namespaces this policy does not check, each with the reason its workloads cannot comply.",
};

/**
 * The exemption covering `namespace`, if any. An exemption whose reason is no reason (spaces,
 * invisible characters, one word repeated: `lib/text/reason.ts`) covers nothing, so the policy checks
 * the namespace as if it were not listed; the JSON schema above can only count characters.
 */
export function exemptionFor(
    exemptions: readonly NamespaceExemption[] | undefined,
    namespace: unknown,
): NamespaceExemption | undefined {
    return typeof namespace === "string"
        ? (exemptions ?? []).find(
              (e) => e.namespace === namespace && reasonProblem(e.reason) === undefined,
          )
        : undefined;
}

/** System and operator namespaces outside the mesh (a config knob of the mesh policies). */
export const EXEMPT_NAMESPACES_SCHEMA = {
    type: "array",
    items: { type: "string" },
    default: [
        "kube-system",
        "kube-public",
        "kube-node-lease",
        "istio-system",
        "istio-cni",
        "external-secrets",
        "nvidia-device-plugin",
        "argo-rollouts",
    ],
    description: "Namespaces outside the mesh (system and operator namespaces).",
} as const;
