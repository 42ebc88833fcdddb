/**
 * Policy pack configuration (`--policy-pack-config` files), resolved the way the Pulumi CLI does it, so
 * both pack routes (in-process and gRPC) configure the policies identically:
 *
 * - parsing: each key maps to an enforcement level string or an object with an optional
 *   `enforcementLevel` and the policy's properties (pulumi/pulumi `pkg/resource/analyzer/config.go`,
 *   `parsePolicyPackConfig` and `extractEnforcementLevel`);
 * - reconciling: every policy starts from its own level and its schema's `default`s, then `all`
 *   sets every level, then each policy's entry overrides level and properties (`ReconcilePolicyPackConfig`,
 *   `createConfigWithDefaults`, `applyConfig`);
 * - validating: each policy's properties against `{type: object, properties, required}` of its
 *   `configSchema` (`validatePolicyPackConfig`; the CLI uses gojsonschema, we use Ajv).
 *
 * One addition of ours: a key that names no policy of the pack is an error (the CLI ignores it, which
 * hides typos in policy names).
 */
import Ajv from "ajv";
import * as fs from "fs";
import type { AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";

/** Enforcement levels as the Analyzer protocol numbers them. */
export const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
export type EnforcementLevel = (typeof LEVELS)[number];

/** A policy config file that cannot be read or is malformed (usage error, exit 2). */
export class PackConfigError extends Error {}

/** What the configuration needs to know about a policy (GetAnalyzerInfo's PolicyInfo). */
export interface PolicyInfo {
    readonly name: string;
    readonly description: string;
    readonly severity: string;
    /** The policy's own level, or the pack's when the policy sets none. */
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: {
        readonly properties?: Record<string, unknown>;
        readonly required?: readonly string[];
    };
}

/** The configuration of one policy after reconciliation (what Configure carries). */
export interface PolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

/** A parsed config file entry. */
interface Entry {
    readonly enforcementLevel?: EnforcementLevel;
    readonly properties?: Record<string, unknown>;
}

/** Reads a config file: `{"all": level, "<policy>": level | {enforcementLevel, ...knobs}}`. */
export function readPackConfig(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PackConfigError(
            `cannot read policy config ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
    }
    if (text.trim() === "") {
        return {};
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (e) {
        throw new PackConfigError(`policy config ${file} is not valid: ${(e as Error).message}`);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PackConfigError(`policy config ${file} is not valid: expected a JSON object`);
    }
    return parsed as Record<string, unknown>;
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

function parseEntry(key: string, value: unknown): Entry {
    if (typeof value === "string") {
        if (!isLevel(value)) {
            throw new PackConfigError(
                `policy config for ${key}: ${JSON.stringify(value)} is not a valid enforcement level (${LEVELS.join(", ")})`,
            );
        }
        return { enforcementLevel: value };
    }
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new PackConfigError(
            `policy config for ${key}: ${JSON.stringify(value)} is not valid; it must be an enforcement level or an object`,
        );
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        throw new PackConfigError(
            `policy config for ${key}: enforcementLevel must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(enforcementLevel)}`,
        );
    }
    return {
        enforcementLevel,
        properties: Object.keys(properties).length > 0 ? properties : undefined,
    };
}

/**
 * Resolves a parsed config file against the pack's policies: the per-policy configuration the
 * engine sends with Configure. Throws {@link PackConfigError} naming every invalid entry.
 *
 * @param source how messages name the config (usually its file name).
 */
export function resolvePackConfig(
    policies: readonly PolicyInfo[],
    config: Record<string, unknown>,
    source = "policy config",
): Record<string, PolicyConfig> {
    const known = new Set(policies.map((p) => p.name));
    const unknown = Object.keys(config).filter((k) => k !== "all" && !known.has(k));
    if (unknown.length > 0) {
        throw new PackConfigError(
            `${source} names unknown policies: ${unknown.join(", ")} (the pack has ${[...known].join(", ")})`,
        );
    }
    const entries = new Map(Object.entries(config).map(([k, v]) => [k, parseEntry(k, v)]));
    const all = entries.get("all")?.enforcementLevel;
    const result: Record<string, PolicyConfig> = {};
    for (const p of policies) {
        const defaults = Object.entries(p.configSchema?.properties ?? {}).flatMap(([k, s]) =>
            s !== null && typeof s === "object" && "default" in s
                ? [[k, (s as { default: unknown }).default] as const]
                : [],
        );
        const entry = entries.get(p.name);
        result[p.name] = {
            enforcementLevel: entry?.enforcementLevel ?? all ?? p.enforcementLevel,
            properties: { ...Object.fromEntries(defaults), ...(entry?.properties ?? {}) },
        };
    }
    const errors: string[] = [];
    const ajv = new Ajv({ allErrors: true, strict: false });
    // Most policies share a schema (every pod policy has only `exemptions`): compile each distinct
    // one once (Ajv caches by schema object, and each schema here is a new object).
    const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
    for (const p of policies) {
        const schema = {
            type: "object",
            properties: {
                ...(p.configSchema?.properties ?? {}),
                enforcementLevel: { type: "string", enum: [...LEVELS] },
            },
            ...(p.configSchema?.required?.length ? { required: p.configSchema.required } : {}),
        };
        const key = JSON.stringify(schema);
        const validate = compiled.get(key) ?? ajv.compile(schema);
        compiled.set(key, validate);
        if (!validate(result[p.name].properties)) {
            for (const e of validate.errors ?? []) {
                errors.push(`${p.name}: ${e.instancePath || "(root)"} ${e.message}`);
            }
        }
    }
    if (errors.length > 0) {
        throw new PackConfigError(`${source} is not valid for the pack: ${errors.join("; ")}`);
    }
    return result;
}

/** Reads the policies out of an AnalyzerInfo message (GetAnalyzerInfo's answer, or the same message built in-process). */
export function policiesFromAnalyzerInfo(info: AnalyzerInfo): PolicyInfo[] {
    const severities = ["", "low", "medium", "high", "critical"];
    return info.getPoliciesList().map((p): PolicyInfo => {
        const schema = p.getConfigschema();
        return {
            name: p.getName(),
            description: p.getDescription(),
            severity: severities[p.getSeverity()] ?? "",
            enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
            configSchema: schema
                ? {
                      properties: schema.getProperties()?.toJavaScript() ?? {},
                      required: schema.getRequiredList(),
                  }
                : undefined,
        };
    });
}
