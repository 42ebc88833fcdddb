/**
 * The gRPC pack route (`--pack grpc`): the compiled pack runs as a child process serving the Analyzer
 * protocol (run-policy-pack.ts prints its port), and we call it the way the engine does:
 * GetAnalyzerInfo, Configure, one Analyze per resource and one AnalyzeStack for the set.
 *
 * Message sizes: the pack's server accepts requests up to 400 MB (`maxRPCMessageSize` in
 * @pulumi/policy server.js); our client accepts answers of the same size (gRPC's default is 4 MB,
 * which the AnalyzeStack answer for tens of thousands of objects exceeds). Analyze requests are one
 * resource each, so inputs of any count stream through; only the AnalyzeStack request holds them all.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { policiesFromAnalyzerInfo, PolicyConfig, resolvePackConfig } from "./pack-config";
import {
    AnalyzerInput,
    crashViolation,
    Diagnostic,
    PackSession,
    PolicyCrash,
    toViolation,
    Violation,
} from "./pack-session";
import { LEVELS } from "./pack-config";
import { InstalledPack } from "./pack-installed";
import { ROOT } from "./root";

// The Analyzer stubs with their own typings (analyzer_pb.d.ts, analyzer_grpc_pb.d.ts in
// @pulumi/pulumi/proto; google-protobuf's from @types/google-protobuf), loaded lazily by require.
/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const analyzerGrpc =
    require("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof import("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb =
    require("@pulumi/pulumi/proto/analyzer_pb") as typeof import("@pulumi/pulumi/proto/analyzer_pb");
const structPb =
    require("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
const emptyPb =
    require("google-protobuf/google/protobuf/empty_pb") as typeof import("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

type AnalyzerPb = typeof import("@pulumi/pulumi/proto/analyzer_pb");
type AnalyzeResponse = InstanceType<AnalyzerPb["AnalyzeResponse"]>;
type AnalyzerInfo = InstanceType<AnalyzerPb["AnalyzerInfo"]>;
type ServiceError = import("@grpc/grpc-js").ServiceError;

/** The pack server's request limit, which we also accept for answers. */
export const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;
/** Analyze calls in flight at once. */
const IN_FLIGHT = 64;

const running = new Set<ChildProcess>();
let handlersInstalled = false;

/** Kills every pack process this process started, on exit and on Ctrl-C / SIGTERM. */
function installExitHandlers(): void {
    if (handlersInstalled) {
        return;
    }
    handlersInstalled = true;
    const killAll = () => running.forEach((p) => p.kill("SIGKILL"));
    process.on("exit", killAll);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
        process.on(signal, () => {
            killAll();
            process.exit(signal === "SIGINT" ? 130 : 143);
        });
    }
}

/**
 * The compiled pack and its runner: this build's when running from one (a `build/<stamp>/`, or the
 * packed checker's `dist/`, which has no launcher), else a fresh build.
 */
function compiledPack(): { packDir: string; args: readonly string[] } {
    const here = path.resolve(__dirname, "..", "..");
    const launcher = path.join(ROOT, "tools", "launch.js");
    const fromSources = here === ROOT && fs.existsSync(launcher);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const build: string = fromSources ? require(launcher).ensureBuild() : here;
    return {
        packDir: path.join(build, "policies"),
        args: [path.join(build, "tools", "offline", "run-policy-pack.js")],
    };
}

function toStruct(value: Record<string, unknown>) {
    return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

/** A unary call of the generated client (`(callback) => client.method(request, callback)`) as a promise. */
function call<Resp>(
    invoke: (callback: (err: ServiceError | null, resp: Resp) => void) => unknown,
): Promise<Resp> {
    return new Promise((resolve, reject) =>
        invoke((err, resp) => (err ? reject(err) : resolve(resp))),
    );
}

/** What AnalyzeRequest and AnalyzerResource share (the generated classes have no common base). */
interface DescribedMessage {
    setType(value: string): unknown;
    setName(value: string): unknown;
    setUrn(value: string): unknown;
    setProperties(value: InstanceType<typeof structPb.Struct>): unknown;
    setOptions(value: InstanceType<typeof analyzerPb.AnalyzerResourceOptions>): unknown;
}

/** Fills the fields AnalyzeRequest and AnalyzerResource share. */
function describe<M extends DescribedMessage>(msg: M, r: AnalyzerInput): M {
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setUrn(r.urn);
    msg.setProperties(toStruct(r.props));
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(r.protect ?? false);
    if (r.parent) {
        opts.setParent(r.parent);
    }
    msg.setOptions(opts);
    return msg;
}

function diagnostics(resp: AnalyzeResponse): Diagnostic[] {
    return resp.getDiagnosticsList().map((d) => ({
        policyName: d.getPolicyname(),
        description: d.getDescription(),
        message: d.getMessage(),
        enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
        urn: d.getUrn(),
    }));
}

/** The server's "Error validating resource with policy 'x' ...:\n<stack>" as a crash, else undefined. */
function asCrash(e: unknown): PolicyCrash | undefined {
    const m =
        /Error validating resource with policy '([^']+)' from policy pack [^\n]*:\n([^\n]*)/.exec(
            e instanceof Error ? e.message : String(e),
        );
    return m ? new PolicyCrash(m[1], m[2]) : undefined;
}

/** Runs `fn` over `items` with at most `limit` in flight, keeping order. */
async function mapLimit<T, R>(
    items: readonly T[],
    limit: number,
    fn: (t: T) => Promise<R>,
): Promise<R[]> {
    const results = new Array<R>(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            results[i] = await fn(items[i]);
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    return results;
}

/** Spawns the pack and resolves with its port. */
function listen(child: ChildProcess): Promise<number> {
    return new Promise<number>((resolve, reject) => {
        let out = "";
        let err = "";
        child.stdout!.on("data", (d) => {
            out += String(d);
            const line = out.split("\n")[0].trim();
            if (out.includes("\n") && /^\d+$/.test(line)) {
                resolve(Number(line));
            }
        });
        child.stderr!.on("data", (d) => (err += String(d)));
        child.on("exit", (code) =>
            reject(
                new Error(`policy pack exited with code ${code} before listening:\n${err.trim()}`),
            ),
        );
    });
}

/**
 * Starts the pack process, configured with `config` (the parsed `--policy-pack-config` file).
 * @param installed an installed pack package to serve (by the engine's own runner) instead of this
 * repository's compiled pack.
 */
export async function startGrpcPack(
    config: Record<string, unknown>,
    configSource?: string,
    installed?: InstalledPack,
): Promise<PackSession> {
    installExitHandlers();
    const started = Date.now();
    const { packDir, args } = installed
        ? { packDir: installed.dir, args: installed.serverArgs }
        : compiledPack();
    const child = spawn(process.execPath, [...args], {
        cwd: packDir,
        stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    child.on("exit", () => running.delete(child));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode === null && child.signalCode === null) {
            child.kill("SIGKILL");
            await exited;
        }
        running.delete(child);
    };
    try {
        const port = await listen(child);
        const client = new analyzerGrpc.AnalyzerClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
            {
                "grpc.max_receive_message_length": MAX_MESSAGE_BYTES,
                "grpc.max_send_message_length": MAX_MESSAGE_BYTES,
            },
        );
        const info = await call<AnalyzerInfo>((cb) =>
            client.getAnalyzerInfo(new emptyPb.Empty(), cb),
        );
        const infos = policiesFromAnalyzerInfo(info);
        const resolved: Record<string, PolicyConfig> = resolvePackConfig(
            infos,
            config,
            configSource,
        );
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        for (const [name, c] of Object.entries(resolved)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel));
            pc.setProperties(toStruct(c.properties));
            request.getPolicyconfigMap().set(name, pc);
        }
        await call<unknown>((cb) => client.configure(request, cb));
        const analyzeOne = async (r: AnalyzerInput): Promise<Violation[]> => {
            try {
                const req = describe(new analyzerPb.AnalyzeRequest(), r);
                const resp = await call<AnalyzeResponse>((cb) => client.analyze(req, cb));
                return diagnostics(resp).map((d) => toViolation(d, r.urn));
            } catch (e) {
                const crash = asCrash(e);
                if (!crash) {
                    throw e;
                }
                return [crashViolation(crash, r.urn)];
            }
        };
        return {
            route: "grpc",
            name: info.getName(),
            version: info.getVersion(),
            policies: infos.map((p) => ({
                name: p.name,
                description: p.description,
                severity: p.severity,
                enforcementLevel: resolved[p.name].enforcementLevel,
            })),
            startMs: Date.now() - started,
            analyze: async (resources) => (await mapLimit(resources, IN_FLIGHT, analyzeOne)).flat(),
            analyzeStack: async (resources) => {
                const req = new analyzerPb.AnalyzeStackRequest();
                req.setResourcesList(
                    resources.map((r) => {
                        const res = describe(new analyzerPb.AnalyzerResource(), r);
                        if (r.parent) {
                            res.setParent(r.parent);
                        }
                        res.setDependenciesList([...(r.dependencies ?? [])]);
                        return res;
                    }),
                );
                try {
                    return diagnostics(
                        await call<AnalyzeResponse>((cb) => client.analyzeStack(req, cb)),
                    ).map((d) => toViolation(d, ""));
                } catch (e) {
                    const crash = asCrash(e);
                    if (!crash) {
                        throw e;
                    }
                    return [crashViolation(crash, "")];
                }
            },
            stop: async () => {
                client.close();
                await stop();
            },
        };
    } catch (e) {
        await stop();
        throw e;
    }
}
