/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the CLI does and produces the flat config map
 * the Pulumi runtime takes (`{"project:key": "value"}`; objects as JSON). What the CLI does, with its
 * sources, is the table "How the stack file is read" in docs/operations.md; ./yaml-v3.ts decodes YAML
 * as gopkg.in/yaml.v3 does.
 */
import * as fs from "fs";
import * as path from "path";

import {
    decodeYamlV3,
    goFloat,
    goJson,
    goJsonStringBytes,
    GoValue,
    keyLines,
    YamlV3Error,
} from "./yaml-v3";

/** Placeholder for a `secure:` value: the ciphertext cannot be decrypted offline, and must not be. */
export const SECRET_PLACEHOLDER = "[secret]";

/**
 * The largest config the CLI can hand a Node.js program: the language host passes it in one
 * environment variable, `PULUMI_CONFIG=<json>` (pulumi/pulumi sdk/nodejs/cmd/pulumi-language-nodejs/
 * main.go), and Linux refuses to start a process with an environment string over MAX_ARG_STRLEN =
 * 32 pages = 131072 bytes, its terminating NUL included (linux include/uapi/linux/binfmts.h).
 */
export const MAX_CONFIG_ENV_BYTES = 131072;

/** Flat config of one stack plus the keys that are secret. */
export interface StackConfig {
    readonly project: string;
    readonly stack: string;
    readonly config: Record<string, string>;
    readonly secretKeys: string[];
}

/** A stack file that cannot be read or parsed (usage error, exit 2). */
export class StackConfigFileError extends Error {}

/**
 * True for a `secure:` value as the CLI recognises one: a map of exactly one key, `secure`, holding a
 * string (`isSecureValue`, pulumi/pulumi sdk/go/common/resource/config/object.go). `{secure: 1}` or a
 * map with a second key is a plain object.
 */
function isSecure(value: GoValue): boolean {
    return value instanceof Map && value.size === 1 && typeof value.get("secure") === "string";
}

/** True when `value` is or holds a `secure:` value (the CLI then marks the whole key secret). */
function holdsSecure(value: GoValue): boolean {
    if (isSecure(value)) {
        return true;
    }
    const children = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : [];
    return children.some(holdsSecure);
}

const SHAPE =
    "a stack file is a YAML map with a config: map inside, e.g.\n  config:\n    aws:region: us-west-2\n    <project>:environment: staging";

/** Describes what a YAML value is, for "expected a map" errors. */
function kindOf(value: GoValue | undefined): string {
    return Array.isArray(value)
        ? "a list"
        : value === null || value === undefined
          ? "empty"
          : typeof value === "bigint" || typeof value === "number"
            ? "a number"
            : `a ${typeof value}`;
}

/** The characters yaml.v3's reader accepts (`yaml_parser_update_buffer`, readerc.go). */
function printable(c: number): boolean {
    return (
        c === 0x09 ||
        c === 0x0a ||
        c === 0x0d ||
        (c >= 0x20 && c <= 0x7e) ||
        c === 0x85 ||
        (c >= 0xa0 && c <= 0xd7ff) ||
        (c >= 0xe000 && c <= 0xfffd) ||
        (c >= 0x10000 && c <= 0x10ffff)
    );
}

/** The line (1-based) of character `index` of `text`. */
function lineAt(text: string, index: number): number {
    let line = 1;
    for (let i = 0; i < Math.min(index, text.length); i++) {
        if (text.charCodeAt(i) === 10) {
            line++;
        }
    }
    return line;
}

/**
 * The file's text as yaml.v3's reader sees it: a UTF-8 BOM is dropped (pulumi/pulumi
 * sdk/go/common/workspace/loaders.go `readFileStripUTF8BOM`), UTF-16 needs its BOM, anything else
 * must be valid UTF-8, and only printable characters are allowed (yaml.v3 readerc.go).
 */
function decodeText(file: string, bytes: Buffer): string {
    let text: string;
    try {
        if (bytes[0] === 0xff && bytes[1] === 0xfe) {
            text = new TextDecoder("utf-16le", { fatal: true }).decode(bytes.subarray(2));
        } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
            text = new TextDecoder("utf-16be", { fatal: true }).decode(bytes.subarray(2));
        } else {
            const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
            text = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(start));
        }
    } catch {
        throw new StackConfigFileError(
            `${file} is not valid UTF-8 (or UTF-16 with a byte-order mark), which is all the Pulumi CLI reads; save it as UTF-8`,
        );
    }
    const points = [...text];
    const at = points.findIndex((c) => !printable(c.codePointAt(0) ?? 0));
    if (at >= 0) {
        const code = (points[at].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0");
        const line = lineAt(points.slice(0, at).join(""), at === 0 ? 0 : Infinity);
        throw new StackConfigFileError(
            `${file}: line ${line}: holds the control character U+${code}, which the Pulumi CLI refuses ("control characters are not allowed"); write it as an escape inside a double-quoted string, or remove it`,
        );
    }
    return text;
}

function readYaml(file: string): { doc: Map<string, GoValue>; text: string } {
    let bytes: Buffer;
    try {
        bytes = fs.readFileSync(file);
    } catch (e) {
        throw new StackConfigFileError(
            `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
    }
    const text = decodeText(file, bytes);
    let doc: GoValue | undefined;
    try {
        doc = decodeYamlV3(text);
    } catch (e) {
        if (e instanceof YamlV3Error) {
            throw new StackConfigFileError(
                `${file} is not valid YAML as the Pulumi CLI reads it: ${e.line ? `line ${e.line}: ` : ""}${e.message}`,
            );
        }
        throw e;
    }
    if (doc === null || doc === undefined) {
        throw new StackConfigFileError(`${file} is empty; ${SHAPE}`);
    }
    if (!(doc instanceof Map)) {
        throw new StackConfigFileError(`${file} is ${kindOf(doc)}, not a map; ${SHAPE}`);
    }
    return { doc, text };
}

/**
 * A top-level config value as the CLI hands it to the program (`object.MarshalString`, pulumi/pulumi
 * sdk/go/common/resource/config/object.go): strings as they are, numbers and booleans as JSON text,
 * maps and lists as JSON; no value (`key:`, `~`) is the empty string
 * (`checkForEmptyConfig`, sdk/go/common/workspace/loaders.go).
 */
function programValue(value: GoValue): string {
    if (value === null) {
        return "";
    }
    if (typeof value === "string") {
        return value;
    }
    if (typeof value === "number") {
        return goFloat(value);
    }
    return typeof value === "object" ? goJson(value) : String(value);
}

/**
 * The full key a stack file's key stands for (`ParseKey`, sdk/go/common/resource/config/key.go): a key
 * without `:` is the project's; `ns:config:name` is the old spelling of `ns:name`; more colons are
 * refused.
 */
function fullKey(project: string, key: string): string | undefined {
    const parts = key.split(":");
    if (parts.length === 1) {
        return `${project}:${key}`;
    }
    if (parts.length === 2) {
        return key;
    }
    return parts.length === 3 && parts[1] === "config" ? `${parts[0]}:${parts[2]}` : undefined;
}

/**
 * Loads a stack's configuration.
 *
 * @param root directory holding `Pulumi.yaml`.
 * @param stack stack name; the file is `Pulumi.<stack>.yaml` unless `file` is given.
 */
export function loadStackConfig(
    root: string,
    stack: string,
    file?: string,
    options: LoadOptions = {},
): StackConfig {
    const project = readYaml(path.join(root, "Pulumi.yaml")).doc;
    const projectName = String(project.get("name"));
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const set = (key: string, value: GoValue, where: string) => {
        if (holdsSecure(value)) {
            config[key] = SECRET_PLACEHOLDER;
            secretKeys.push(key);
            return;
        }
        try {
            config[key] = programValue(value);
        } catch (e) {
            if (e instanceof YamlV3Error) {
                throw new StackConfigFileError(
                    `${where}: ${key} holds a number JSON cannot carry (${e.message}), so the Pulumi CLI cannot hand it to the program; write a finite number or a quoted string`,
                );
            }
            throw e;
        }
    };
    const declared = project.get("config");
    for (const [key, decl] of declared instanceof Map ? declared : []) {
        const full = fullKey(projectName, key) ?? key;
        if (decl instanceof Map && !isSecure(decl) && (decl.has("default") || decl.has("value"))) {
            set(full, decl.get("value") ?? decl.get("default") ?? null, "Pulumi.yaml");
        } else if (!(decl instanceof Map)) {
            set(full, decl, "Pulumi.yaml");
        }
    }
    const stackFile = file ?? path.join(root, `Pulumi.${stack}.yaml`);
    const { doc: stackYaml, text } = readYaml(stackFile);
    const stackConfig = stackYaml.get("config") ?? null;
    if (stackConfig === null) {
        return { project: projectName, stack, config, secretKeys };
    }
    if (!(stackConfig instanceof Map)) {
        throw new StackConfigFileError(
            `${stackFile}: config is ${kindOf(stackConfig)}, not a map of keys to values; ${SHAPE}`,
        );
    }
    const lines = keyLines(text, "config");
    const seen = new Map<string, string>();
    const line = (key: string) => (lines.has(key) ? `line ${lines.get(key)}: ` : "");
    for (const [key, value] of stackConfig) {
        const full = fullKey(projectName, key);
        if (full === undefined) {
            throw new StackConfigFileError(
                `${stackFile}: ${line(key)}${JSON.stringify(key)} is not a config key the Pulumi CLI accepts: a key is <namespace>:<name>, with one colon`,
            );
        }
        const first = seen.get(full);
        if (first !== undefined) {
            throw new StackConfigFileError(
                `${stackFile}: ${line(key)}${full} is given twice, as ${JSON.stringify(first)} (${line(first).replace(/: $/, "") || "above"}) and ${JSON.stringify(key)}; the Pulumi CLI keeps one of them at random, so remove one`,
            );
        }
        seen.set(full, key);
        set(full, value, `${stackFile}: ${line(key).replace(/: $/, "")}`.replace(/: $/, ""));
    }
    if (options.sizeLimit ?? true) {
        checkSize(stackFile, config);
    }
    return { project: projectName, stack, config, secretKeys };
}

/** Options of {@link loadStackConfig}. */
export interface LoadOptions {
    /**
     * Refuse a config larger than the CLI can hand a program. Only the benchmark turns it off: it
     * measures the offline preview on generated stacks of up to 1,000 services, far larger than one
     * Linux environment variable holds.
     *
     * @default true
     */
    readonly sizeLimit?: boolean;
}

/** Refuses a config larger than the CLI can hand a Node.js program (see {@link MAX_CONFIG_ENV_BYTES}). */
function checkSize(file: string, config: Record<string, string>): void {
    // The language host writes every key as `<namespace>:config:<name>` (constructConfig).
    let bytes = "PULUMI_CONFIG=".length + 2 + 1; // the braces and the terminating NUL
    for (const [key, value] of Object.entries(config)) {
        const i = key.indexOf(":");
        bytes +=
            goJsonStringBytes(`${key.slice(0, i)}:config:${key.slice(i + 1)}`) +
            1 +
            goJsonStringBytes(value) +
            1;
    }
    bytes -= Object.keys(config).length > 0 ? 1 : 0;
    if (bytes > MAX_CONFIG_ENV_BYTES) {
        throw new StackConfigFileError(
            `${file}: the config is ${bytes} bytes as the Pulumi CLI hands it to the program (one environment variable, PULUMI_CONFIG), over the ${MAX_CONFIG_ENV_BYTES} bytes Linux allows one (MAX_ARG_STRLEN); the program would not start. Shorten it (fewer or smaller services)`,
        );
    }
}
