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
import { PACK_ROUTES, PackRoute, PackSession } from "./pack-session";

export { EnforcementLevel, PackConfigError, readPackConfig };
export * from "./pack-session";

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
