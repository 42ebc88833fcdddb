/**
 * What both pack routes share (pack-grpc.ts, pack-inprocess.ts) and what the tools read from a running
 * pack: the resource and violation shapes, the session, and the server's diagnostic-to-violation rules.
 * In a module of its own so the routes import these without importing pack.ts, which starts them.
 */
import type { EnforcementLevel } from "./pack-config";

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
