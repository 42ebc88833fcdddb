/**
 * Builders that turn a pure check into a CrossGuard policy. Every policy in this pack is built here, so
 * type matching, naming in messages and config handling are the same everywhere.
 */
import type {
    PolicyConfigSchema,
    ResourceValidationPolicy,
    Severity,
    StackValidationPolicy,
} from "@pulumi/policy";

import {
    describeObject,
    field,
    UnknownRecord,
    K8sObject,
    KubernetesType,
    parseKubernetesType,
    PodTemplate,
    podTemplate,
} from "../../lib/kubernetes";
import { EXEMPTIONS_SCHEMA, exemptionFor, NamespaceExemption } from "./exemptions";

/** Metadata every policy carries (shown by the CLI and in `docs/policies.md`). */
export interface PolicyMeta {
    /** Stable id (reports and CI depend on it). */
    readonly name: string;
    /** The rule, one sentence. */
    readonly description: string;
    readonly severity: Severity;
    /** How to fix a violation. */
    readonly remediationSteps: string;
    /** Where the rule comes from. */
    readonly url?: string;
    /** Knobs, with defaults so the pack runs without config. */
    readonly configSchema?: PolicyConfigSchema;
}

/** What a Kubernetes check sees. */
export interface KubernetesCheck<C> {
    readonly type: KubernetesType;
    readonly obj: K8sObject;
    /** How messages name the object, e.g. `Deployment 'supply-chain/inventory'`. */
    readonly what: string;
    /** The pod template, when the object carries one. */
    readonly pod?: PodTemplate;
    readonly config: C;
}

/** Defaults of a config schema's properties. */
export function configDefaults(schema?: PolicyConfigSchema): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(schema?.properties ?? {}).map(([k, v]) => [
            k,
            (v as { default?: unknown }).default,
        ]),
    );
}

/**
 * A resource policy over Kubernetes objects.
 *
 * @param applies which objects to check (by group/version/kind); others are "not applicable".
 * @param check returns one message per violation.
 */
export function kubernetesPolicy<C = Record<string, unknown>>(
    meta: PolicyMeta & {
        readonly applies: (t: KubernetesType, obj: K8sObject) => boolean;
        readonly check: (c: KubernetesCheck<C>) => string[];
        /** Add the `exemptions` knob: objects in an exempted namespace are not applicable. */
        readonly exemptible?: boolean;
    },
): ResourceValidationPolicy {
    const { applies, check, exemptible, ...rest } = meta;
    const configSchema: PolicyConfigSchema | undefined = exemptible
        ? {
              ...meta.configSchema,
              properties: { ...meta.configSchema?.properties, exemptions: EXEMPTIONS_SCHEMA },
          }
        : meta.configSchema;
    return {
        ...rest,
        ...(configSchema ? { configSchema } : {}),
        validateResource: (args, reportViolation) => {
            const type = parseKubernetesType(args.type);
            if (!type || !applies(type, args.props)) {
                args.notApplicable(`not checked for ${args.type}`);
                return;
            }
            const config = {
                ...configDefaults(configSchema),
                ...(args.getConfig<Record<string, unknown>>() ?? {}),
            } as C & { readonly exemptions?: NamespaceExemption[] };
            const obj = args.props as K8sObject;
            const exempt = exemptible
                ? exemptionFor(config.exemptions, field(obj, "metadata", "namespace"))
                : undefined;
            if (exempt) {
                args.notApplicable(`namespace '${exempt.namespace}' is exempt: ${exempt.reason}`);
                return;
            }
            const what = describeObject(type.kind, obj, args.name);
            for (const message of check({
                type,
                obj,
                what,
                pod: podTemplate(type.kind, obj),
                config,
            })) {
                reportViolation(message);
            }
        },
    };
}

/**
 * A resource policy over the pod spec of every pod-bearing kind (Pod ... CronJob, any API version).
 * Every pod policy takes the `exemptions` knob (`[{namespace, reason}]`, default none).
 */
export function podPolicy<C = Record<string, unknown>>(
    meta: PolicyMeta & {
        readonly kinds?: readonly string[];
        readonly check: (c: KubernetesCheck<C> & { readonly pod: PodTemplate }) => string[];
    },
): ResourceValidationPolicy {
    const { kinds, check, ...rest } = meta;
    return kubernetesPolicy<C>({
        ...rest,
        exemptible: true,
        applies: (t, obj) =>
            (kinds === undefined || kinds.includes(t.kind)) &&
            podTemplate(t.kind, obj) !== undefined,
        check: (c) => check({ ...c, pod: c.pod! }),
    });
}

/** A resource policy over other (non-Kubernetes) resource types, matched by exact type token. */
export function resourcePolicy<C = Record<string, unknown>>(
    meta: PolicyMeta & {
        readonly types: readonly string[];
        readonly check: (props: UnknownRecord, type: string, name: string, config: C) => string[];
    },
): ResourceValidationPolicy {
    const { types, check, ...rest } = meta;
    return {
        ...rest,
        validateResource: (args, reportViolation) => {
            if (!types.includes(args.type)) {
                args.notApplicable(`applies to ${types.join(", ")}`);
                return;
            }
            const config = {
                ...configDefaults(meta.configSchema),
                ...(args.getConfig<Record<string, unknown>>() ?? {}),
            } as C;
            for (const message of check(args.props, args.type, args.name, config)) {
                reportViolation(message);
            }
        },
    };
}

/** A resource in a stack check. */
export interface StackResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: UnknownRecord;
}

/** A violation found by a stack check, attributed to one resource when possible. */
export interface StackFinding {
    readonly message: string;
    readonly urn?: string;
}

/** A stack policy: sees every resource of the stack at once. */
export function stackPolicy<C = Record<string, unknown>>(
    meta: PolicyMeta & {
        readonly check: (resources: StackResource[], config: C) => StackFinding[];
    },
): StackValidationPolicy {
    const { check, ...rest } = meta;
    return {
        ...rest,
        validateStack: (args, reportViolation) => {
            const config = {
                ...configDefaults(meta.configSchema),
                ...(args.getConfig<Record<string, unknown>>() ?? {}),
            } as C;
            const resources = args.resources.map((r) => ({
                type: r.type,
                name: r.name,
                urn: r.urn,
                props: r.props,
            }));
            for (const finding of check(resources, config)) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}

/** Kubernetes objects among stack resources, with their parsed type. */
export function kubernetesObjects(
    resources: readonly StackResource[],
): (StackResource & { readonly k8s: KubernetesType; readonly what: string })[] {
    return resources.flatMap((r) => {
        const k8s = parseKubernetesType(r.type);
        return k8s ? [{ ...r, k8s, what: describeObject(k8s.kind, r.props, r.name) }] : [];
    });
}
