/**
 * Stack config fixtures for tests: the real stack files, read the way the CLI reads them.
 */
import * as path from "path";

import { PROJECT, rawProjectConfig } from "../../config";
import { loadStackConfig, StackConfig } from "../../tools/offline/stack-config";

/** Repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The flat config of a committed stack (`staging` or `production`). */
export function stackConfig(stack: string): StackConfig {
    return loadStackConfig(ROOT, stack);
}

/** The raw (unvalidated) project config of a committed stack, as plain objects; safe to mutate. */
export function rawStack(stack: string): Record<string, any> {
    return structuredClone(rawProjectConfig(stackConfig(stack).config)) as Record<string, any>;
}

export { PROJECT };
