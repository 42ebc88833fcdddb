/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the CLI does and produces the flat config map
 * the Pulumi runtime takes (`{"project:key": "value"}`; objects as JSON).
 */
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

/** Placeholder for a `secure:` value: the ciphertext cannot be decrypted offline, and must not be. */
export const SECRET_PLACEHOLDER = "[secret]";

/** Flat config of one stack plus the keys that are secret. */
export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

/** A stack file that cannot be read or parsed (usage error, exit 2). */
export class StackConfigFileError extends Error {}

/** True when `value` holds a `secure:` value anywhere inside it (the CLI then marks the whole key secret). */
function holdsSecure(value: unknown): boolean {
    if (value === null || typeof value !== "object") {
        return false;
    }
    if (!Array.isArray(value) && "secure" in value) {
        return true;
    }
    return Object.values(value).some(holdsSecure);
}

const SHAPE =
    "a stack file is a YAML map with a config: map inside, e.g.\n  config:\n    aws:region: us-west-2\n    <project>:environment: staging";

/** Describes what a YAML value is, for "expected a map" errors. */
function kindOf(value: unknown): string {
    return Array.isArray(value) ? "a list" : value === null ? "empty" : `a ${typeof value}`;
}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new StackConfigFileError(
            `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
    }
    let doc: unknown;
    try {
        doc = parse(text);
    } catch (e) {
        throw new StackConfigFileError(
            `${file} is not valid YAML: ${(e as Error).message.split("\n")[0]}`,
        );
    }
    if (doc === null || doc === undefined) {
        throw new StackConfigFileError(`${file} is empty; ${SHAPE}`);
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new StackConfigFileError(`${file} is ${kindOf(doc)}, not a map; ${SHAPE}`);
    }
    return doc as Record<string, unknown>;
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/**
 * Loads a stack's configuration.
 *
 * @param root directory holding `Pulumi.yaml`.
 * @param stack stack name; the file is `Pulumi.<stack>.yaml` unless `file` is given.
 */
export function loadStackConfig(root: string, stack: string, file?: string): StackConfig {
    const project = readYaml(path.join(root, "Pulumi.yaml"));
    const projectName = String(project.name);
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const set = (key: string, value: unknown) => {
        if (holdsSecure(value)) {
            config[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
        } else {
            config[key] = typeof value === "string" ? value : JSON.stringify(value);
        }
    };
    for (const [key, decl] of Object.entries((project.config ?? {}) as Record<string, unknown>)) {
        const d = decl as Record<string, unknown> | null;
        if (d && typeof d === "object" && ("default" in d || "value" in d)) {
            set(qualify(projectName, key), d.value ?? d.default);
        } else if (d === null || typeof d !== "object") {
            set(qualify(projectName, key), d);
        }
    }
    const stackFile = file ?? path.join(root, `Pulumi.${stack}.yaml`);
    const stackYaml = readYaml(stackFile);
    const stackConfig = stackYaml.config ?? {};
    if (typeof stackConfig !== "object" || Array.isArray(stackConfig) || stackConfig === null) {
        throw new StackConfigFileError(
            `${stackFile}: config is ${kindOf(stackConfig)}, not a map of keys to values; ${SHAPE}`,
        );
    }
    for (const [key, value] of Object.entries(stackConfig as Record<string, unknown>)) {
        set(qualify(projectName, key), value);
    }
    return { project: projectName, stack, config, secretKeys };
}
