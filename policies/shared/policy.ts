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
    POD_KINDS,
    PodTemplate,
    podTemplate,
} from "../../lib/kubernetes";
import { EXEMPTIONS_SCHEMA, exemptionFor, NamespaceExemption } from "./exemptions";
import { nullAsUnset } from "./null-as-unset";

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

/**
 * Per policy, the part of its applicability that depends on the resource type alone: a type it
 * refuses is one whose `validateResource` calls `notApplicable` before it reads any property, reports
 * nothing and cannot meet an unknown value. The offline tools' in-process route uses it to skip those
 * calls (a thrown `notApplicable` per policy and resource was a quarter of the pack's time); the
 * Analyzer server still calls every policy, with the same outcome. `tests/policies/shared/type-filter.spec.ts`
 * checks each refusal against the policy itself.
 */
const TYPE_FILTERS = new WeakMap<object, (type: string) => boolean>();

/**
 * False when `policy` is certainly not applicable to resources of `type` (see {@link TYPE_FILTERS});
 * true when it may apply, and for policies built elsewhere.
 */
export function policyMayApplyToType(policy: object, type: string): boolean {
    const filter = TYPE_FILTERS.get(policy);
    return filter === undefined || filter(type);
}

function withTypeFilter<P extends object>(policy: P, filter: (type: string) => boolean): P {
    TYPE_FILTERS.set(policy, filter);
    return policy;
}

/**
 * Parsed type tokens, one per distinct token: a stack holds few types and many objects of each, and
 * policies only read the parsed type.
 */
const PARSED_TYPES = new Map<string, KubernetesType | null>();

/** `parseKubernetesType`, parsed once per distinct token. */
function kubernetesType(token: string): KubernetesType | undefined {
    let type = PARSED_TYPES.get(token);
    if (type === undefined) {
        type = parseKubernetesType(token) ?? null;
        PARSED_TYPES.set(token, type);
    }
    return type ?? undefined;
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
        /**
         * The kinds (any group and version) that may apply, decided from the type alone; `applies`
         * then decides among them.
         * @default every kind
         */
        readonly kinds?: readonly string[];
        readonly applies: (t: KubernetesType, obj: K8sObject) => boolean;
        readonly check: (c: KubernetesCheck<C>) => string[];
        /** Add the `exemptions` knob: objects in an exempted namespace are not applicable. */
        readonly exemptible?: boolean;
    },
): ResourceValidationPolicy {
    const { kinds, applies, check, exemptible, ...rest } = meta;
    const configSchema: PolicyConfigSchema | undefined = exemptible
        ? {
              ...meta.configSchema,
              properties: { ...meta.configSchema?.properties, exemptions: EXEMPTIONS_SCHEMA },
          }
        : meta.configSchema;
    const defaults = configDefaults(configSchema);
    /** The type-only test, the first thing `validateResource` decides (before reading props). */
    const typeOf = (token: string): KubernetesType | undefined => {
        const type = kubernetesType(token);
        return type && (kinds === undefined || kinds.includes(type.kind)) ? type : undefined;
    };
    return withTypeFilter<ResourceValidationPolicy>(
        {
            ...rest,
            ...(configSchema ? { configSchema } : {}),
            validateResource: (args, reportViolation) => {
                const type = typeOf(args.type);
                if (!type) {
                    args.notApplicable(`not checked for ${args.type}`);
                    return;
                }
                // Every check reads `null` as unset, as the API server does (null-as-unset.ts). Only
                // after the type test: the view reads the object's keys, and a policy must not read
                // anything before it tells a type it does not apply to (type-filter.spec.ts).
                const obj = nullAsUnset(args.props as K8sObject);
                if (!applies(type, obj)) {
                    args.notApplicable(`not checked for ${args.type}`);
                    return;
                }
                const config = {
                    ...defaults,
                    ...(args.getConfig<Record<string, unknown>>() ?? {}),
                } as C & { readonly exemptions?: NamespaceExemption[] };
                const exempt = exemptible
                    ? exemptionFor(config.exemptions, field(obj, "metadata", "namespace"))
                    : undefined;
                if (exempt) {
                    args.notApplicable(
                        `namespace '${exempt.namespace}' is exempt: ${exempt.reason}`,
                    );
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
        },
        (token) => typeOf(token) !== undefined,
    );
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
        // podTemplate reads no property of other kinds: it answers undefined from the kind alone.
        kinds: kinds ?? POD_KINDS,
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
    const defaults = configDefaults(meta.configSchema);
    return withTypeFilter<ResourceValidationPolicy>(
        {
            ...rest,
            validateResource: (args, reportViolation) => {
                if (!types.includes(args.type)) {
                    args.notApplicable(`applies to ${types.join(", ")}`);
                    return;
                }
                const config = {
                    ...defaults,
                    ...(args.getConfig<Record<string, unknown>>() ?? {}),
                } as C;
                for (const message of check(args.props, args.type, args.name, config)) {
                    reportViolation(message);
                }
            },
        },
        (type) => types.includes(type),
    );
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
    const defaults = configDefaults(meta.configSchema);
    return {
        ...rest,
        validateStack: (args, reportViolation) => {
            const config = {
                ...defaults,
                ...(args.getConfig<Record<string, unknown>>() ?? {}),
            } as C;
            const resources = args.resources.map(stackResource);
            for (const finding of check(resources, config)) {
                reportViolation(finding.message, finding.urn);
            }
        },
    };
}

/**
 * What a stack check sees of each resource, and the Kubernetes view of it, built once per resource
 * object rather than once per stack policy: the offline tools' in-process route hands every stack
 * policy the same resource objects (a new list each time), so on large manifest sets the four stack
 * policies no longer build four copies of every view (most of the checker's garbage on 100,000
 * objects). The Analyzer server builds new resource objects for every policy, so there the caches
 * miss and nothing changes. Views are plain data computed from the resource exactly as before, in
 * the same order (a read that throws, such as an unknown value under CrossGuard's proxy, throws again
 * for the next policy, because nothing is cached then); policies never mutate them.
 */
const STACK_VIEWS = new WeakMap<object, StackResource>();
const KUBERNETES_VIEWS = new WeakMap<StackResource, KubernetesStackObject | null>();

/** A Kubernetes object among stack resources, with its parsed type and how messages name it. */
export type KubernetesStackObject = StackResource & {
    readonly k8s: KubernetesType;
    readonly what: string;
};

/** The resource as stack checks see it (`null` fields read as unset), one view per resource object. */
function stackResource(r: {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
}): StackResource {
    let view = STACK_VIEWS.get(r);
    if (!view) {
        view = { type: r.type, name: r.name, urn: r.urn, props: nullAsUnset(r.props) };
        STACK_VIEWS.set(r, view);
    }
    return view;
}

/** Kubernetes objects among stack resources, with their parsed type. */
export function kubernetesObjects(resources: readonly StackResource[]): KubernetesStackObject[] {
    const out: KubernetesStackObject[] = [];
    for (const r of resources) {
        let view = KUBERNETES_VIEWS.get(r);
        if (view === undefined) {
            const k8s = kubernetesType(r.type);
            view = k8s
                ? {
                      type: r.type,
                      name: r.name,
                      urn: r.urn,
                      props: r.props,
                      k8s,
                      what: describeObject(k8s.kind, r.props, r.name),
                  }
                : null;
            KUBERNETES_VIEWS.set(r, view);
        }
        if (view) {
            out.push(view);
        }
    }
    return out;
}
