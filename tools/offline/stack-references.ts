/**
 * Stack references offline: a program's `new pulumi.StackReference(name)` reads the referenced
 * stack's outputs from that stack's own offline preview (`preview:offline --format json`, its
 * `outputs`), as the engine would read them from the stack's last update.
 *
 * What the engine returns for a reference (pulumi/pulumi pkg/resource/deploy/builtins.go,
 * `builtinProvider.readStackReference`, the `Read` of `pulumi:pulumi:StackReference`): the state
 * `{name, outputs, secretOutputNames}`, the secret outputs as secret values and their names sorted;
 * the SDK then marks exactly those outputs secret (sdk/nodejs/stackReference.ts, v3.270.0). The preview JSON carries secret outputs as
 * `[secret]` (never their values), so a secret output of the reference is the secret `[secret]`:
 * still secret to the program, and never a plain value anywhere.
 */
import * as fs from "fs";

import { REDACTED, SECRET_SIG, SECRET_SIG_KEY } from "./secrets";

/** The type token of a stack reference. */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** One referenced stack's outputs, and which of them are secret. */
export interface StackOutputs {
    /** The stack's name (the last part of a reference's `org/project/stack`). */
    readonly stack: string;
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly secretOutputNames: readonly string[];
}

/** A stack-outputs file that cannot be used (usage error, exit 2). */
export class StackOutputsError extends Error {
    public override readonly name = "StackOutputsError";
}

/**
 * Reads a preview JSON (`preview:offline --format json`) as the outputs of its stack; outputs shown
 * as `[secret]` are the secret ones.
 */
export function readStackOutputs(file: string): StackOutputs {
    let doc: unknown;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new StackOutputsError(
            `--stack-outputs ${file}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)}); pass the output of preview:offline --format json`,
        );
    }
    const o = (doc ?? {}) as Record<string, unknown>;
    const outputs = o.outputs;
    if (
        typeof o.stack !== "string" ||
        outputs === null ||
        typeof outputs !== "object" ||
        Array.isArray(outputs)
    ) {
        throw new StackOutputsError(
            `--stack-outputs ${file}: expected a preview:offline --format json document with "stack" and "outputs", got keys ${JSON.stringify(Object.keys(o))}`,
        );
    }
    const values = outputs as Record<string, unknown>;
    return {
        stack: o.stack,
        outputs: values,
        secretOutputNames: Object.keys(values)
            .filter((k) => values[k] === REDACTED)
            .sort(),
    };
}

/** The last refusal of {@link stackReferenceState} in this process (the SDK wraps the error it throws). */
let refusal: StackOutputsError | undefined;

/** The refusal that failed the last evaluation's stack reference, if any, once. */
export function takeStackOutputsRefusal(): StackOutputsError | undefined {
    const r = refusal;
    refusal = undefined;
    return r;
}

function refuse(message: string): never {
    refusal = new StackOutputsError(message);
    throw refusal;
}

/** The stack part of a reference name (`org/project/stack`, `project/stack` or `stack`). */
export function referencedStack(name: string): string {
    return name.split("/").pop() ?? name;
}

/**
 * The state the engine returns for a read of the stack reference `name`: its outputs, the secret
 * ones wrapped as secrets. Throws when no outputs were given or they are another stack's.
 */
export function stackReferenceState(
    name: string,
    given: StackOutputs | undefined,
): Record<string, unknown> {
    if (!given) {
        refuse(
            `the program reads stack ${JSON.stringify(name)} through a StackReference; pass --stack-outputs <file>, that stack's preview:offline --format json output`,
        );
    }
    if (referencedStack(name) !== given.stack) {
        refuse(
            `the program reads stack ${JSON.stringify(name)} through a StackReference, but --stack-outputs holds the outputs of stack ${JSON.stringify(given.stack)}`,
        );
    }
    const secret = new Set(given.secretOutputNames);
    const outputs = Object.fromEntries(
        Object.entries(given.outputs).map(([k, v]) => [
            k,
            secret.has(k) ? { [SECRET_SIG_KEY]: SECRET_SIG, value: v } : v,
        ]),
    );
    return { name, outputs, secretOutputNames: [...given.secretOutputNames].sort() };
}
