/**
 * Names that collide or break the objects they produce: workload names (each becomes a Deployment,
 * Service, ServiceAccount, IAM role and label value), the app namespace, and names shared between the
 * `services` and `mlWorkloads` keys.
 */
import { z } from "zod";

import { dnsLabel } from "./common";
import { hasOwnKey } from "../lib/records";

/**
 * Longest workload name. Derived names must stay valid: the IAM role `<name>-irsa` gets Pulumi's
 * auto-name suffix (`-` and 7 characters) and IAM role names are at most 64 characters; Kubernetes
 * names such as `<name>-secrets` and the `app` label must fit in 63.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html
 * @see https://www.pulumi.com/docs/iac/concepts/resources/names/#autonaming
 */
export const MAX_WORKLOAD_NAME = 64 - "-irsa".length - 8;

/**
 * A workload name: a DNS-1035 label (it names a Service, which must start with a letter).
 *
 * @see https://kubernetes.io/docs/concepts/overview/working-with-objects/names/#rfc-1035-label-names
 */
export const workloadName = z
    .string()
    .regex(
        /^[a-z]([-a-z0-9]*[a-z0-9])?$/,
        "must start with a lowercase letter and hold only a-z, 0-9 and '-' (it names a Kubernetes Service, a DNS-1035 label)",
    )
    .max(
        MAX_WORKLOAD_NAME,
        `must be at most ${MAX_WORKLOAD_NAME} characters (the IAM role <name>-irsa plus Pulumi's 8-character suffix must fit IAM's 64)`,
    );

/**
 * Namespaces the platform or Kubernetes own. The app namespace gets its own NetworkPolicies, mesh
 * policy and sidecar injection label, which must never land on these. The add-ons' namespaces are
 * written out (not imported from components/addons, which load the SDKs); a test checks they match.
 */
export const RESERVED_NAMESPACES: readonly string[] = [
    "default",
    "kube-system",
    "kube-public",
    "kube-node-lease",
    "istio-system",
    "external-secrets",
    "monitoring",
];

/** The `namespace` key: a DNS label that is not a system or add-on namespace. */
export const appNamespace = dnsLabel.refine(
    (ns) => !RESERVED_NAMESPACES.includes(ns) && !/^(kube|istio)-/.test(ns),
    {
        message: `must not be a system or add-on namespace (${RESERVED_NAMESPACES.join(", ")}, kube-*, istio-*)`,
    },
);

/** A service and a model server with the same name would create the same objects twice. */
export function checkNameCollisions(
    services: Record<string, unknown>,
    mlWorkloads: Record<string, unknown>,
    ctx: z.RefinementCtx,
): void {
    for (const name of Object.keys(mlWorkloads)) {
        if (hasOwnKey(services, name)) {
            ctx.addIssue({
                code: "custom",
                path: ["mlWorkloads", name],
                message: `must not reuse the name of services.${name} (both create a Deployment, Service and ServiceAccount named ${name} in the same namespace)`,
                input: name,
            });
        }
    }
}

/**
 * Map keys the Pulumi SDK cannot carry in a resource input. Registering a resource writes each
 * top-level input as text (`${value}` in `transferProperties`, @pulumi/pulumi 3.270.0
 * `runtime/rpc.js`), and a map that holds its own `toString` string cannot be written so: the SDK
 * throws "Cannot convert object to primitive value". Node group labels are such an input
 * (`eks.ManagedNodeGroup` and, in pulumi-eks's provider, `aws.eks.NodeGroup` take them as `labels`),
 * so `toString`, a valid Kubernetes label key, is refused there.
 */
export const SDK_UNSAFE_KEYS: readonly string[] = ["toString"];

/** Refuses node group label keys the Pulumi SDK cannot register ({@link SDK_UNSAFE_KEYS}). */
export function checkSdkSafeLabels(
    nodeGroups: Readonly<Record<string, { readonly labels?: Readonly<Record<string, string>> }>>,
    ctx: z.RefinementCtx,
): void {
    for (const [group, g] of Object.entries(nodeGroups)) {
        for (const key of Object.keys(g.labels ?? {}).filter((k) => SDK_UNSAFE_KEYS.includes(k))) {
            ctx.addIssue({
                code: "custom",
                path: ["cluster", "nodeGroups", group, "labels", key],
                message: `must not be ${key}: the Pulumi SDK writes each resource input as text, and node group labels holding their own ${key} cannot be (it throws "Cannot convert object to primitive value"); use another label key`,
                input: key,
            });
        }
    }
}
