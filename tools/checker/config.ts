/**
 * Which policy config a run uses: a stack's (`--config staging|production`, the pack's
 * `policies/config/<stack>.json`) or a file (`--config ./my-levels.json`, relative to the caller's
 * folder). Without `--config` the run uses production's, the strictest, and says so on stderr and in
 * every report: the choice is never silent.
 */
import * as fs from "fs";
import * as path from "path";

import { UsageError } from "../offline/cli";
import { ROOT } from "../offline/root";

/** The stack whose config is used when none is chosen. */
export const DEFAULT_POLICY_CONFIG = "production";

/** The policy config a run uses, and how it was chosen. */
export interface PolicyConfigChoice {
    /** The stack name, or the file as the caller gave it. */
    readonly name: string;
    /** The file, relative to the caller's folder when inside it. */
    readonly file: string;
    readonly absolute: string;
    /** False when no `--config` was given. */
    readonly explicit: boolean;
}

/** The stacks that have a policy config in the pack, sorted. */
export function stackConfigs(): string[] {
    return fs
        .readdirSync(path.join(ROOT, "policies", "config"))
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort();
}

/** Resolves `--config` (undefined when not given) against the caller's folder `cwd`. */
export function choosePolicyConfig(value: string | undefined, cwd: string): PolicyConfigChoice {
    const stacks = stackConfigs();
    const name = value ?? DEFAULT_POLICY_CONFIG;
    const shown = (abs: string) => {
        const rel = path.relative(cwd, abs);
        return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : abs;
    };
    if (stacks.includes(name)) {
        const absolute = path.join(ROOT, "policies", "config", `${name}.json`);
        return { name, file: shown(absolute), absolute, explicit: value !== undefined };
    }
    const absolute = path.resolve(cwd, name);
    if (!fs.existsSync(absolute)) {
        throw new UsageError(
            `--config ${JSON.stringify(name)} is neither a stack (${stacks.join(", ")}) nor a file (looked for ${absolute})`,
        );
    }
    return { name, file: shown(absolute), absolute, explicit: true };
}

/** The line that says which config a run uses (stderr when it was not chosen; text output always). */
export function describeChoice(c: PolicyConfigChoice): string {
    return c.explicit
        ? `policy config: ${c.name} (${c.file})`
        : `policy config: ${c.name} (${c.file}), the default; choose one with --config ${stackConfigs().join("|")}|<file>`;
}
