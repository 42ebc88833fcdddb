/**
 * One evaluation of each committed stack for the whole test run. Evaluating a stack takes seconds and
 * every stack-level spec reads the same recorded resources, so the specs share these evaluations
 * instead of evaluating again. The recorded resources are frozen: a spec that changed one in place
 * would change what the next spec reads, so such a spec throws instead (clone before editing).
 */
import { Evaluation, evaluateProgram } from "../../tools/offline/evaluate";
import { stackConfig } from "./config";

const evaluations = new Map<string, Promise<Evaluation>>();

function deepFreeze(value: unknown): void {
    if (typeof value !== "object" || value === null || Object.isFrozen(value)) {
        return;
    }
    Object.freeze(value);
    for (const child of Object.values(value)) {
        deepFreeze(child);
    }
}

/** The evaluation of a committed stack file (`staging`, `production`), made once per test run. */
export function evaluatedStack(stack: string): Promise<Evaluation> {
    let evaluation = evaluations.get(stack);
    if (!evaluation) {
        evaluation = evaluateProgram(stackConfig(stack)).then((e) => {
            for (const r of e.recorder.resources) {
                deepFreeze(r);
            }
            return e;
        });
        evaluations.set(stack, evaluation);
    }
    return evaluation;
}
