/**
 * Calls policies the way the policy server does (props wrapped in Pulumi's unknown-checking proxy,
 * `notApplicable` throwing), without starting a server.
 */
import * as assert from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

import type { Plain } from "./edit";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { unknownCheckingProxy, UnknownValueError } = require("@pulumi/policy") as {
    unknownCheckingProxy<T>(v: T): T;
    UnknownValueError: new (...args: unknown[]) => Error;
};

/** The engine's sentinel for a value unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Result of one policy call: violation messages, or why it did not apply / could not run. */
export type PolicyResult = string[] | { notApplicable: string } | { unknown: string };

class NotApplicable extends Error {}

/** Runs a resource policy on one resource. */
export async function runResourcePolicy(
    policy: ResourceValidationPolicy,
    type: string,
    props: Record<string, unknown>,
    config: Record<string, unknown> = {},
    name = "test",
): Promise<PolicyResult> {
    const messages: string[] = [];
    const proxied = unknownCheckingProxy(structuredClone(props));
    const args = {
        type,
        props: proxied,
        urn: `urn:pulumi:test::supply-chain-platform::${type}::${name}`,
        name,
        opts: {
            protect: false,
            ignoreChanges: [],
            aliases: [],
            customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
            additionalSecretOutputs: [],
        },
        stackTags: new Map<string, string>(),
        isType: () => false,
        asType: () => undefined,
        getConfig: () => config,
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason ?? "");
        },
    };
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : [policy.validateResource];
    try {
        for (const v of validations) {
            await v!(args as never, (message: string) => messages.push(message));
        }
    } catch (e) {
        if (e instanceof NotApplicable) {
            return { notApplicable: e.message };
        }
        if (e instanceof UnknownValueError) {
            return { unknown: e.message };
        }
        throw e;
    }
    return messages;
}

/** A resource for stack policies. */
export interface StackInput {
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
}

/** Runs a stack policy; returns `[urn name, message]` pairs. */
export async function runStackPolicy(
    policy: StackValidationPolicy,
    resources: readonly StackInput[],
    config: Record<string, unknown> = {},
): Promise<[string | undefined, string][]> {
    const found: [string | undefined, string][] = [];
    const urn = (r: StackInput) => `urn:pulumi:test::supply-chain-platform::${r.type}::${r.name}`;
    const args = {
        resources: resources.map((r) => ({
            type: r.type,
            name: r.name,
            urn: urn(r),
            props: unknownCheckingProxy(structuredClone(r.props)),
            opts: {},
            dependencies: [],
            propertyDependencies: {},
            isType: () => false,
            asType: () => undefined,
        })),
        stackTags: new Map<string, string>(),
        getConfig: () => config,
        notApplicable: () => {
            throw new NotApplicable();
        },
    };
    await policy.validateStack(args as never, (message: string, u?: string) =>
        found.push([u?.split("::").pop(), message]),
    );
    return found;
}

/** One mutation of a known-good fixture and the exact messages it must produce. */
export interface MutationCase {
    readonly name: string;
    readonly mutate: (obj: Plain) => void;
    readonly expected: string[];
    readonly config?: Record<string, unknown>;
}

/**
 * Declares mocha tests for a resource policy: the fixture passes, and each mutation yields exactly its
 * messages.
 */
export function policyCases(
    policy: ResourceValidationPolicy,
    type: string,
    fixture: () => Plain,
    cases: readonly MutationCase[],
): void {
    it("passes the known-good fixture", async () => {
        assert.deepStrictEqual(await runResourcePolicy(policy, type, fixture()), []);
    });
    for (const c of cases) {
        it(`fails when ${c.name}`, async () => {
            const obj = fixture();
            c.mutate(obj);
            assert.deepStrictEqual(
                await runResourcePolicy(policy, type, obj, c.config),
                c.expected,
            );
        });
    }
}
