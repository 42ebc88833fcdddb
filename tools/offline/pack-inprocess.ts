/**
 * The in-process pack route: the pack's own policy objects, called in this process with the semantics
 * of the Analyzer server in `@pulumi/policy` 1.21.0 (`server.js`, `makeAnalyzeRpcFun` and
 * `makeAnalyzeStackRpcFun`), reusing its exported pieces rather than copies of them:
 *
 * - policy metadata from `protoutil.makeAnalyzerInfo` (the message GetAnalyzerInfo answers with);
 * - properties as `deserialize.deserializeProperties` gives them, behind `proxy.unknownCheckingProxy`
 *   wherever reading an unknown value can throw `UnknownValueError` (reported as an advisory "can't
 *   run policy ... during preview" diagnostic): see pack-props.ts;
 * - `policy.isResourcePolicy`, `isStackPolicy` and `getPulumiType` (the type fast path that reports a
 *   policy "not applicable").
 *
 * What is ours: the loop (the server's is not exported), and differences in cost, not in result:
 *
 * - the server deserialises a resource's properties once per policy (and, for stack policies, builds
 *   every resource anew per policy); we do both once per resource and share them between policies,
 *   so policies must not mutate what they are given (none of ours does; the route-parity test in
 *   tests/tools/pack-routes.spec.ts would show it);
 * - which resource policies can apply is worked out once per resource type: besides the server's own
 *   skips, a policy the pack's `policyMayApplyToType` rules out for the type is not called, because it
 *   would call `notApplicable` before reading any property (policies/shared/policy.ts; checked
 *   policy by policy in tests/policies/shared/type-filter.spec.ts);
 * - a policy's result is awaited only when it is a promise (`await Promise.resolve(x)` of the server
 *   waits for nothing else).
 *
 * If a policy throws, the server fails the whole call; we report that resource's crash alone
 * (PolicyCrash), as the gRPC route does after the failed call.
 *
 * tests/tools/sdk-internals.spec.ts fails when the pinned SDK version or these internals change.
 */
import * as fs from "fs";
import * as path from "path";
import type { Policy, ResourceValidation } from "@pulumi/policy";

import {
    EnforcementLevel,
    policiesFromAnalyzerInfo,
    PolicyConfig,
    resolvePackConfig,
} from "./pack-config";
import {
    AnalyzerInput,
    Diagnostic,
    crashViolation,
    PackSession,
    PolicyCrash,
    toViolation,
    Violation,
} from "./pack-session";
import { InstalledPack } from "./pack-installed";
import { loadPack } from "./pack-module";
import { AnalyzerProps, analyzerProps, policyProps, sdk } from "./pack-props";
import { ROOT } from "./root";

export { sdk };

/**
 * `args.notApplicable()` throws to end the policy's run for this resource. The server throws a new
 * Error each time (a captured stack); the reason is only reported as "not applicable", which the
 * tools do not show, so one shared instance does, without a stack per call.
 */
class NotApplicable extends Error {}
const NOT_APPLICABLE = new NotApplicable("not applicable");
const notApplicable = (): never => {
    throw NOT_APPLICABLE;
};

/** `isTypeOf` of server.js: the static type token, else `isInstance` on a stand-in. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const pulumiType = sdk.policy.getPulumiType(resourceClass);
    if (pulumiType) {
        return type === pulumiType;
    }
    const isInstance = (resourceClass as { readonly isInstance?: unknown }).isInstance;
    return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** `getResourceOptions` of server.js for the options the tools send (protect, parent). */
function resourceOptions(r: AnalyzerInput) {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent ? { parent: r.parent } : {}),
    };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
    return (
        value !== null &&
        (typeof value === "object" || typeof value === "function") &&
        typeof (value as { then?: unknown }).then === "function"
    );
}

function crashDetail(e: unknown): string {
    return e instanceof Error ? String(e.stack ?? e.message).split("\n")[0] : String(e);
}

/**
 * Starts the in-process pack: resolves and validates the config, nothing else to start.
 * @param installed an installed pack package to run instead of this repository's pack.
 */
export async function startInProcessPack(
    config: Record<string, unknown>,
    configSource?: string,
    installed?: InstalledPack,
): Promise<PackSession> {
    const started = Date.now();
    const { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies, policyMayApplyToType } = loadPack(
        installed?.policiesModule,
    );
    const version =
        installed?.version ??
        String(
            JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8"))
                .version,
        );
    const infos = policiesFromAnalyzerInfo(
        sdk.protoutil.makeAnalyzerInfo(
            PACK_NAME,
            version,
            PACK_ENFORCEMENT_LEVEL,
            { policies },
            undefined,
        ),
    );
    const resolved: Record<string, PolicyConfig> = resolvePackConfig(infos, config, configSource);
    const levelOf = (p: Policy): EnforcementLevel =>
        resolved[p.name]?.enforcementLevel || p.enforcementLevel || PACK_ENFORCEMENT_LEVEL;
    const getConfig = (name: string) => () => ({ ...(resolved[name]?.properties ?? {}) });
    const stackTags: ReadonlyMap<string, string> = new Map();
    const packRef = `'${PACK_NAME}@v${version}'`;

    const report =
        (p: Policy, level: EnforcementLevel, ds: Diagnostic[]) =>
        // makeReportViolationFun of server.js
        (message?: string | ReportedViolation, urn?: string) => {
            if (message !== null && typeof message === "object") {
                ds.push({
                    policyName: message.name || p.name,
                    description: message.description || p.description,
                    message: message.message || message.description || p.description,
                    enforcementLevel: message.enforcementLevel || level,
                    urn: message.urn,
                });
            } else {
                ds.push({
                    policyName: p.name,
                    description: p.description,
                    message: message ? `${p.description}\n${message}` : p.description,
                    enforcementLevel: level,
                    urn,
                });
            }
        };
    const unknownDiag = (p: Policy, e: Error): Diagnostic => ({
        policyName: p.name,
        description: p.description,
        message: `can't run policy '${p.name}' from policy pack ${packRef} during preview: ${e.message}`,
        enforcementLevel: "advisory",
    });

    /** One resource policy to run for a type: the server's per-policy decisions, made once. */
    interface Step {
        readonly policy: Policy;
        readonly level: EnforcementLevel;
        readonly validations: readonly ResourceValidation[];
        readonly getConfig: () => Record<string, unknown>;
    }
    const plans = new Map<string, Step[]>();
    /** The policies `makeAnalyzeRpcFun` would run for a resource of `type`, in order. */
    const planFor = (type: string): Step[] => {
        let plan = plans.get(type);
        if (plan) {
            return plan;
        }
        plan = [];
        for (const p of policies) {
            let level = levelOf(p);
            if (level === "disabled" || !sdk.policy.isResourcePolicy(p)) {
                continue;
            }
            if (!p.validateResource) {
                continue; // a remediation-only policy: "not applicable"
            }
            if (level === "remediate") {
                level = "mandatory";
            }
            if (!Array.isArray(p.validateResource)) {
                const pulumiType = sdk.policy.getPulumiType(p.validateResource);
                if (pulumiType && type !== pulumiType) {
                    continue; // "not applicable"
                }
            }
            if (policyMayApplyToType && !policyMayApplyToType(p, type)) {
                continue; // it would call notApplicable before reading a property
            }
            plan.push({
                policy: p,
                level,
                validations: Array.isArray(p.validateResource)
                    ? p.validateResource
                    : [p.validateResource],
                getConfig: getConfig(p.name),
            });
        }
        plans.set(type, plan);
        return plan;
    };

    const analyzeOne = async (r: AnalyzerInput, deserd: AnalyzerProps) => {
        const ds: Diagnostic[] = [];
        // One options object per resource, shared by its policies (the server builds one per call;
        // policies only read it).
        const opts = resourceOptions(r);
        for (const { policy: p, level, validations, getConfig } of planFor(r.type)) {
            const reportViolation = report(p, level, ds);
            for (const validation of validations) {
                try {
                    const props = policyProps(deserd);
                    const args = {
                        type: r.type,
                        props,
                        urn: r.urn,
                        name: r.name,
                        opts,
                        stackTags,
                        isType: (c: unknown) => isTypeOf(r.type, c),
                        asType: (c: unknown) => (isTypeOf(r.type, c) ? props : undefined),
                        getConfig,
                        notApplicable,
                    };
                    const result: unknown = validation(args as never, reportViolation);
                    if (isThenable(result)) {
                        await result;
                    }
                } catch (e) {
                    if (e instanceof sdk.proxy.UnknownValueError) {
                        ds.push(unknownDiag(p, e));
                    } else if (!(e instanceof NotApplicable)) {
                        throw new PolicyCrash(p.name, crashDetail(e));
                    }
                }
            }
        }
        return ds.map((d) => toViolation(d, r.urn));
    };

    const cache = new WeakMap<AnalyzerInput, AnalyzerProps>();
    const deserialised = (r: AnalyzerInput) => {
        let d = cache.get(r);
        if (!d) {
            d = analyzerProps(r.props);
            cache.set(r, d);
        }
        return d;
    };

    return {
        route: "inprocess",
        name: PACK_NAME,
        version,
        policies: infos.map((p) => ({
            name: p.name,
            description: p.description,
            severity: p.severity,
            enforcementLevel: resolved[p.name].enforcementLevel,
        })),
        startMs: Date.now() - started,
        analyze: async (resources) => {
            const out: Violation[] = [];
            for (const r of resources) {
                try {
                    out.push(...(await analyzeOne(r, deserialised(r))));
                } catch (e) {
                    if (!(e instanceof PolicyCrash)) {
                        throw e;
                    }
                    out.push(crashViolation(e, r.urn));
                }
            }
            return out;
        },
        analyzeStack: async (resources) => {
            const ds: Diagnostic[] = [];
            let built: StackResourceArg[] | undefined;
            try {
                for (const p of policies) {
                    let level = levelOf(p);
                    if (level === "disabled" || !sdk.policy.isStackPolicy(p)) {
                        continue;
                    }
                    if (level === "remediate") {
                        level = "mandatory";
                    }
                    const pulumiType = sdk.policy.getPulumiType(p.validateStack);
                    if (pulumiType && !resources.some((r) => r.type === pulumiType)) {
                        continue; // "not applicable"
                    }
                    built ??= stackResources(resources, deserialised);
                    try {
                        const result: unknown = p.validateStack(
                            {
                                resources: [...built],
                                getConfig: getConfig(p.name),
                                stackTags,
                                notApplicable,
                            } as never,
                            report(p, level, ds),
                        );
                        if (isThenable(result)) {
                            await result;
                        }
                    } catch (e) {
                        if (e instanceof sdk.proxy.UnknownValueError) {
                            ds.push(unknownDiag(p, e));
                        } else if (!(e instanceof NotApplicable)) {
                            throw new PolicyCrash(p.name, crashDetail(e));
                        }
                    }
                }
            } catch (e) {
                if (!(e instanceof PolicyCrash)) {
                    throw e;
                }
                return [crashViolation(e, "")];
            }
            return ds.map((d) => toViolation(d, ""));
        },
        stop: async () => undefined,
    };
}

/** The object form of a reported violation, which `makeReportViolationFun` accepts besides a string. */
interface ReportedViolation {
    readonly name?: string;
    readonly description?: string;
    readonly message?: string;
    readonly enforcementLevel?: EnforcementLevel;
    readonly urn?: string;
}

/** A resource of `validateStack`'s args, as `makeAnalyzeStackRpcFun` builds it (parents and dependencies linked). */
interface StackResourceArg {
    readonly type: string;
    readonly props: Record<string, unknown>;
    readonly urn: string;
    readonly name: string;
    readonly opts: ReturnType<typeof resourceOptions>;
    dependencies: StackResourceArg[];
    readonly propertyDependencies: Record<string, StackResourceArg[]>;
    readonly isType: (c: unknown) => boolean;
    readonly asType: (c: unknown) => Record<string, unknown> | undefined;
    parent?: StackResourceArg;
}

/** The resources a stack policy sees (server.js builds them anew for every policy; we once per call). */
function stackResources(
    resources: readonly AnalyzerInput[],
    deserialised: (r: AnalyzerInput) => AnalyzerProps,
) {
    // Resources with neither parent nor protect have equal options: one shared object (policies only
    // read it), instead of five objects per resource on manifest sets of 100,000 objects.
    const plainOptions = resourceOptions({ urn: "", type: "", name: "", props: {} });
    const built = resources.map((r): StackResourceArg => {
        const props = policyProps(deserialised(r));
        return {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: r.parent || r.protect ? resourceOptions(r) : plainOptions,
            dependencies: [],
            propertyDependencies: {},
            isType: (c: unknown) => isTypeOf(r.type, c),
            asType: (c: unknown) => (isTypeOf(r.type, c) ? props : undefined),
        };
    });
    const byUrn = new Map(built.map((b) => [b.urn as string, b]));
    resources.forEach((r, i) => {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        if (parent) {
            built[i].parent = parent;
        }
        built[i].dependencies = (r.dependencies ?? [])
            .map((d) => byUrn.get(d))
            .filter((d): d is StackResourceArg => d !== undefined);
    });
    return built;
}
