/**
 * The policy pack, as the offline tools run it. Two routes give the same findings (a test proves it):
 *
 * - `inprocess` (default): the pack's policy objects are called in this process with the Analyzer
 *   server's own semantics (see pack-inprocess.ts): no child process, no gRPC, each resource's
 *   properties deserialised once.
 * - `grpc`: the compiled pack runs as a child process serving the Analyzer protocol, the way the
 *   engine runs it, and each resource goes through Analyze, the set through AnalyzeStack
 *   (see pack-grpc.ts).
 *
 * Both are configured from the same resolved config (pack-config.ts), so enforcement levels, per-stack
 * knobs and their validation are identical.
 */
import { EnforcementLevel, PackConfigError, readPackConfig } from "./pack-config";
import { startGrpcPack } from "./pack-grpc";
import { installedPack } from "./pack-installed";
import { startInProcessPack } from "./pack-inprocess";

export { EnforcementLevel, PackConfigError, readPackConfig };

/** The routes a pack can run by. */
export const PACK_ROUTES = ["inprocess", "grpc"] as const;
export type PackRoute = (typeof PACK_ROUTES)[number];

/** A resource to analyze. */
export interface AnalyzerInput {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly props: Record<string, unknown>;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly protect?: boolean;
}

/** One policy violation reported by the pack. */
export interface Violation {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn: string;
    readonly message: string;
}

/** A diagnostic as the Analyzer server builds it (before it goes on the wire). */
export interface Diagnostic {
    readonly policyName: string;
    readonly description: string;
    readonly message: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
}

/**
 * A policy that threw while checking one resource. The Analyzer server fails the whole call with
 * "Error validating resource with policy '<name>' ..."; the tools turn it into a finding for that
 * resource, so one malformed object never stops the others from being checked.
 */
export class PolicyCrash extends Error {
    constructor(
        public readonly policy: string,
        public readonly detail: string,
    ) {
        super(`policy '${policy}' failed: ${detail}`);
    }
}

/** A running pack. Always `stop()` it (the CLI commands do so in `finally` and on signals). */
export interface PackSession {
    readonly route: PackRoute;
    readonly name: string;
    readonly version: string;
    readonly policies: {
        name: string;
        enforcementLevel: EnforcementLevel;
        description: string;
        severity: string;
    }[];
    /** Milliseconds from start to a configured pack. */
    readonly startMs: number;
    analyze(resources: readonly AnalyzerInput[]): Promise<Violation[]>;
    analyzeStack(resources: readonly AnalyzerInput[]): Promise<Violation[]>;
    /** Stops the pack (the gRPC route's process has exited when this resolves). */
    stop(): Promise<void>;
}

/**
 * Turns a diagnostic into a violation: the server prefixes the policy description to the message
 * (`makeReportViolationFun` in @pulumi/policy server.js); we report the message alone.
 */
export function toViolation(d: Diagnostic, fallbackUrn: string): Violation {
    const message = d.message.startsWith(`${d.description}\n`)
        ? d.message.slice(d.description.length + 1)
        : d.message;
    return {
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        urn: d.urn || fallbackUrn,
        message,
    };
}

/** The finding for a resource a policy could not check (see {@link PolicyCrash}). */
export function crashViolation(crash: PolicyCrash, urn: string): Violation {
    return {
        policy: crash.policy,
        enforcementLevel: "mandatory",
        urn,
        message: `could not be checked (malformed object?): ${crash.detail}`,
    };
}

/** Options of {@link startPolicyPack}. */
export interface PackOptions {
    /** @default "inprocess" */
    readonly route?: PackRoute;
    /** The parsed `--policy-pack-config` file. */
    readonly config: Record<string, unknown>;
    /** How errors name the config (its file). @default "policy config" */
    readonly configSource?: string;
    /**
     * A pack package folder with its dependencies installed (the published tarball installed, or
     * `policies/` after its build) to run instead of this repository's sources (pack-installed.ts).
     * @default undefined (this repository's pack)
     */
    readonly installed?: string;
}

/** Starts the pack by the chosen route, configured with `config`. */
export async function startPolicyPack(options: PackOptions): Promise<PackSession> {
    const installed =
        options.installed === undefined ? undefined : installedPack(options.installed);
    return (options.route ?? "inprocess") === "grpc"
        ? startGrpcPack(options.config, options.configSource, installed)
        : startInProcessPack(options.config, options.configSource, installed);
}

/** Validates a `--pack` value. */
export function parseRoute(value: string): PackRoute {
    if (!(PACK_ROUTES as readonly string[]).includes(value)) {
        throw new PackConfigError(
            `--pack must be one of ${PACK_ROUTES.join(", ")}, got ${JSON.stringify(value)}`,
        );
    }
    return value as PackRoute;
}
