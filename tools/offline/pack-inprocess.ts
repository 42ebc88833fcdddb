/**
 * The in-process pack route: the pack's own policy objects, called in this process with the semantics
 * of the Analyzer server in `@pulumi/policy` 1.21.0 (`server.js`, `makeAnalyzeRpcFun` and
 * `makeAnalyzeStackRpcFun`), reusing its exported pieces rather than copies of them:
 *
 * - policy metadata from `protoutil.makeAnalyzerInfo` (the message GetAnalyzerInfo answers with);
 * - properties through `deserialize.deserializeProperties` (secrets unwrapped, assets rebuilt) and
 *   `proxy.unknownCheckingProxy` (reading an unknown value throws `UnknownValueError`, reported as an
 *   advisory "can't run policy ... during preview" diagnostic);
 * - `policy.isResourcePolicy`, `isStackPolicy` and `getPulumiType` (the type fast path that reports a
 *   policy "not applicable").
 *
 * What is ours: the loop (the server's is not exported), and one difference in cost, not in result:
 * the server deserialises a resource's properties once per policy, we once per resource and give each
 * policy its own unknown-checking proxy over them. Policies must therefore not mutate `props` (none of
 * ours does; the route-parity test in tests/tools/pack-routes.spec.ts would show it). If a policy
 * throws, the server fails the whole call; we report that resource's crash alone (PolicyCrash), as the
 * gRPC route does after the failed call.
 *
 * tests/tools/sdk-internals.spec.ts fails when the pinned SDK version or these internals change.
 */
import * as fs from "fs";
import * as path from "path";
import type { Policy, StackValidationPolicy, ResourceValidationPolicy } from "@pulumi/policy";
import type { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";

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
} from "./pack";
import { loadPack } from "./pack-module";
import { ROOT } from "./root";

/* eslint-disable @typescript-eslint/no-require-imports */
/** @pulumi/policy internals (marked @internal, so absent from its typings). */
export const sdk = {
    deserialize: require("@pulumi/policy/deserialize") as {
        deserializeProperties(s: { toJavaScript(): unknown }, proxySecrets: boolean): object;
    },
    proxy: require("@pulumi/policy/proxy") as {
        unknownCheckingProxy<T>(o: T): T;
        UnknownValueError: new (...args: never[]) => Error;
    },
    policy: require("@pulumi/policy/policy") as {
        isResourcePolicy(p: Policy): p is ResourceValidationPolicy;
        isStackPolicy(p: Policy): p is StackValidationPolicy;
        getPulumiType(o: unknown): string | undefined;
    },
    protoutil: require("@pulumi/policy/protoutil") as {
        makeAnalyzerInfo(
            name: string,
            version: string,
            level: string,
            args: { policies: readonly Policy[] },
            initialConfig: undefined,
        ): AnalyzerInfo;
    },
};
/* eslint-enable @typescript-eslint/no-require-imports */

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

/**
 * A JSON copy with every object's keys in sorted order: what a `google.protobuf.Struct` holds after
 * the wire (google-protobuf writes map fields with sorted keys), so messages that list an object's
 * keys read the same by both routes.
 */
function wireCopy(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(wireCopy);
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const key of Object.keys(value).sort()) {
            out[key] = wireCopy((value as Record<string, unknown>)[key]);
        }
        return out;
    }
    return value;
}

/** Properties as the server sees them after the wire (JSON values only), deserialised once. */
function deserialise(props: Record<string, unknown>): Record<string, unknown> {
    const plain = wireCopy(JSON.parse(JSON.stringify(props)));
    return sdk.deserialize.deserializeProperties({ toJavaScript: () => plain }, false) as Record<
        string,
        unknown
    >;
}

function crashDetail(e: unknown): string {
    return e instanceof Error ? String(e.stack ?? e.message).split("\n")[0] : String(e);
}

/** Starts the in-process pack: resolves and validates the config, nothing else to start. */
export async function startInProcessPack(
    config: Record<string, unknown>,
    configSource?: string,
): Promise<PackSession> {
    const started = Date.now();
    const { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } = loadPack();
    const version = String(
        JSON.parse(fs.readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")).version,
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

    const analyzeOne = async (r: AnalyzerInput, deserd: Record<string, unknown>) => {
        const ds: Diagnostic[] = [];
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
                if (pulumiType && r.type !== pulumiType) {
                    continue; // "not applicable"
                }
            }
            const reportViolation = report(p, level, ds);
            const validations = Array.isArray(p.validateResource)
                ? p.validateResource
                : [p.validateResource];
            for (const validation of validations) {
                try {
                    const props = sdk.proxy.unknownCheckingProxy(deserd);
                    const args = {
                        type: r.type,
                        props,
                        urn: r.urn,
                        name: r.name,
                        opts: resourceOptions(r),
                        stackTags,
                        isType: (c: unknown) => isTypeOf(r.type, c),
                        asType: (c: unknown) => (isTypeOf(r.type, c) ? props : undefined),
                        getConfig: getConfig(p.name),
                        notApplicable,
                    };
                    await Promise.resolve(validation(args as never, reportViolation));
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

    const cache = new WeakMap<AnalyzerInput, Record<string, unknown>>();
    const deserialised = (r: AnalyzerInput) => {
        let d = cache.get(r);
        if (!d) {
            d = deserialise(r.props);
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
                    try {
                        await Promise.resolve(
                            p.validateStack(
                                {
                                    resources: stackResources(resources, deserialised),
                                    getConfig: getConfig(p.name),
                                    stackTags,
                                    notApplicable,
                                } as never,
                                report(p, level, ds),
                            ),
                        );
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

/** The resources a stack policy sees (server.js builds them anew for every policy). */
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

function stackResources(
    resources: readonly AnalyzerInput[],
    deserialised: (r: AnalyzerInput) => Record<string, unknown>,
) {
    const built = resources.map((r): StackResourceArg => {
        const props = sdk.proxy.unknownCheckingProxy(deserialised(r));
        return {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: resourceOptions(r),
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
