/**
 * The platform's own identities, which no user-chosen name may take: the mesh's SPIFFE trust domain,
 * the add-ons' namespaces and the mesh admin service account.
 */
import { z } from "zod";

import { PLATFORM_NAMESPACES } from "../components/addons/core/namespaces";
import { appNamespace } from "./names";

export { PLATFORM_NAMESPACES };

/** Longest trust domain: the SPIFFE ID's authority (SPIFFE-ID.md section 2.1, 255 bytes). */
export const MAX_TRUST_DOMAIN = 255;

/**
 * The mesh's trust domain, valid for both Istio and SPIFFE. Istio (pkg/config/validation/agent,
 * `ValidateTrustDomain`, istio/istio 1.30.3) requires every dot-separated label to be a DNS-1123 label
 * (a-z, 0-9 and '-', starting and ending with a letter or digit, at most 63 characters), which is
 * stricter than SPIFFE's character set (SPIFFE-ID.md section 2.1 also allows '_', spiffe/spiffe
 * standards); SPIFFE caps the trust domain at 255 bytes. A trailing dot, which Istio tolerates, is
 * refused: principals `<trustDomain>/ns/...` would then name a different domain than istiod's.
 */
export const trustDomain = z.string().superRefine((td, ctx) => {
    const labels = td.split(".");
    const bad = labels.find((l) => !/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(l));
    if (td.length > MAX_TRUST_DOMAIN || bad !== undefined) {
        ctx.addIssue({
            code: "custom",
            message: `must be a trust domain like cluster.local or prod.example.com: dot-separated DNS labels (a-z, 0-9 and '-', each starting and ending with a letter or digit, at most 63 characters), at most ${MAX_TRUST_DOMAIN} characters in all (Istio's and SPIFFE's rules)`,
            input: td,
        });
    }
});

/**
 * Namespaces no user-chosen namespace may take: {@link PLATFORM_NAMESPACES} (the add-ons' and the
 * cluster's own, from the add-on code) and Kubernetes' `kube-` prefix ("reserved for Kubernetes
 * system namespaces", https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/).
 */
export function reservedNamespace(ns: string): boolean {
    return PLATFORM_NAMESPACES.includes(ns) || ns.startsWith("kube-");
}

const RESERVED_TEXT = `${PLATFORM_NAMESPACES.join(", ")}, kube-*`;

/** What the identity checks read from the validated config. */
export interface IdentitiesView {
    readonly namespace: string;
    readonly ingress: { readonly enabled: boolean; readonly namespace: string };
    readonly mesh: { readonly adminServiceAccount?: string };
    readonly services: Record<string, unknown>;
    readonly mlWorkloads: Record<string, unknown>;
}

/**
 * The platform's identities are reserved: the app and gateway namespaces are neither an add-on's nor
 * each other's (the gateway namespace gets the gateway's Pod Security level and injection, the app
 * namespace its NetworkPolicies and mesh policy), and the mesh admin service account, allowed every
 * method on every service, is a dedicated account: not `default` (every pod without its own account
 * runs as it) nor a workload's (each workload's pods run as the account named after it,
 * components/microservice/spec.ts `objectNames`).
 */
export function checkIdentities(c: IdentitiesView, ctx: z.RefinementCtx): void {
    const issue = (path: PropertyKey[], message: string, input: unknown) =>
        ctx.addIssue({ code: "custom", path, message, input });
    // names.ts' appNamespace refuses some of these already; say it once.
    if (reservedNamespace(c.namespace) && appNamespace.safeParse(c.namespace).success) {
        issue(
            ["namespace"],
            `must not be a namespace the platform or Kubernetes owns (${RESERVED_TEXT})`,
            c.namespace,
        );
    }
    if (reservedNamespace(c.ingress.namespace)) {
        issue(
            ["ingress", "namespace"],
            `must not be a namespace the platform or Kubernetes owns (${RESERVED_TEXT})`,
            c.ingress.namespace,
        );
    } else if (c.ingress.namespace === c.namespace) {
        issue(
            ["ingress", "namespace"],
            `must differ from namespace (${c.namespace}): the gateway's namespace has its own Pod Security level and injection, the services' their NetworkPolicies`,
            c.ingress.namespace,
        );
    }
    const admin = c.mesh.adminServiceAccount;
    if (admin === undefined) {
        return;
    }
    const workloads = new Set([...Object.keys(c.services), ...Object.keys(c.mlWorkloads)]);
    if (admin === "default") {
        issue(
            ["mesh", "adminServiceAccount"],
            "must be a dedicated service account, not default (every pod of the namespace without its own account runs as default and would be allowed every method on every service)",
            admin,
        );
    } else if (workloads.has(admin)) {
        issue(
            ["mesh", "adminServiceAccount"],
            `must be a dedicated service account, not the one workload ${admin} runs as (its pods would be allowed every method on every service)`,
            admin,
        );
    }
}
