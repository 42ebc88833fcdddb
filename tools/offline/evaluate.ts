/**
 * Runs the Pulumi program (`index.ts`) under mocks with one stack's configuration.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

import { installMocks, Recorder, settle } from "./mocks";
import { withCheapStacks } from "./sdk-tuning";
import { StackConfig } from "./stack-config";
import type { StackOutputs } from "./stack-references";

/** What one evaluation produced. */
export interface Evaluation {
    readonly recorder: Recorder;
    /** Stack outputs, resolved (secrets unwrapped by the runtime; never print them). */
    readonly outputs: Record<string, unknown>;
}

/**
 * Absolute path of the program entrypoint: `index.ts` from source (tests), `index.js` in the build.
 */
export const PROGRAM = require.resolve(path.resolve(__dirname, "..", "..", "index"));

/** Options of {@link evaluateProgram}. */
export interface EvaluateOptions {
    /**
     * The outputs a `StackReference` of the program reads (stack-references.ts).
     *
     * @default - none
     */
    readonly stackOutputs?: StackOutputs;
    /**
     * Apply the offline cost cuts (sdk-tuning.ts: short stacks, no per-resource call sites). If the
     * evaluation then fails with anything but a config error, it runs again with full stacks, so the
     * error is reported exactly as without the cuts.
     * @default false
     */
    readonly fast?: boolean;
}

/**
 * Evaluates the program with `stack`'s configuration. The program module is loaded fresh, so one
 * process can evaluate several stacks one after another.
 */
export async function evaluateProgram(
    stack: StackConfig,
    program = PROGRAM,
    onFailure?: (recorder: Recorder) => void,
    options: EvaluateOptions = {},
): Promise<Evaluation> {
    if (options.fast) {
        try {
            return await withCheapStacks(() => evaluateOnce(stack, program, undefined, options));
        } catch (e) {
            if (e instanceof Error && e.name === "ConfigError") {
                throw e;
            }
            // Fall through: evaluate again with full stacks for a faithful error.
        }
    }
    return evaluateOnce(stack, program, onFailure, options);
}

async function evaluateOnce(
    stack: StackConfig,
    program: string,
    onFailure: ((recorder: Recorder) => void) | undefined,
    options: EvaluateOptions,
): Promise<Evaluation> {
    const region = stack.config["aws:region"];
    const recorder = await installMocks({
        project: stack.project,
        stack: stack.stack,
        region,
        stackOutputs: options.stackOutputs,
    });
    pulumi.runtime.setAllConfig(stack.config, stack.secretKeys);
    for (const id of Object.keys(require.cache)) {
        if (id === program) {
            delete require.cache[id];
        }
    }
    let outputs: Record<string, unknown>;
    try {
        outputs = (await pulumi.runtime.runInPulumiStack(async () => {
            // A program may export an (async) function; the Pulumi CLI calls it and awaits its result,
            // whose fields are the stack outputs (pulumi/pulumi sdk/nodejs/cmd/run/run.ts, v3.270.0).
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const exported: unknown = require(program);
            const result: unknown =
                typeof exported === "function" ? await (exported as () => unknown)() : exported;
            return { ...(result as Record<string, unknown>) };
        })) as Record<string, unknown>;
        await settle();
    } catch (e) {
        await settle().catch(() => undefined);
        onFailure?.(recorder);
        throw e;
    }
    return { recorder, outputs };
}
