/**
 * Runs the Pulumi program (`index.ts`) under mocks with one stack's configuration.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

import { installMocks, Recorder, settle } from "./mocks";
import { StackConfig } from "./stack-config";

/** What one evaluation produced. */
export interface Evaluation {
    readonly recorder: Recorder;
    /** Stack outputs, resolved (secrets unwrapped by the runtime; never print them). */
    readonly outputs: Record<string, unknown>;
}

/** Absolute path of the program entrypoint. */
export const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

/**
 * Evaluates the program with `stack`'s configuration. The program module is loaded fresh, so one
 * process can evaluate several stacks one after another.
 */
export async function evaluateProgram(
    stack: StackConfig,
    program = PROGRAM,
    onFailure?: (recorder: Recorder) => void,
): Promise<Evaluation> {
    const region = stack.config["aws:region"];
    const recorder = await installMocks({ project: stack.project, stack: stack.stack, region });
    pulumi.runtime.setAllConfig(stack.config, stack.secretKeys);
    for (const id of Object.keys(require.cache)) {
        if (id === program) {
            delete require.cache[id];
        }
    }
    let outputs: Record<string, unknown>;
    try {
        outputs = (await pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return { ...require(program) };
        })) as Record<string, unknown>;
        await settle();
    } catch (e) {
        await settle().catch(() => undefined);
        onFailure?.(recorder);
        throw e;
    }
    return { recorder, outputs };
}
