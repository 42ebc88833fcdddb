/**
 * Runs the real policy pack the way the Pulumi engine does: `@pulumi/pulumi`'s run-policy-pack starts
 * the pack's gRPC Analyzer server and prints its port; we call GetAnalyzerInfo, Configure, Analyze and
 * AnalyzeStack on it. Enforcement levels, config handling and unknown values are therefore Pulumi's own.
 *
 * The pack is transpiled once into a cache keyed by the hash of its sources, so start-up costs no
 * type-checking (the CLI type-checks; `npm test` does that for us).
 */
import { ChildProcess, spawn } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/* eslint-disable @typescript-eslint/no-require-imports */
const grpc = require("@grpc/grpc-js") as typeof import("@grpc/grpc-js");
const analyzerGrpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-require-imports */

/** Enforcement levels as the Analyzer protocol numbers them. */
const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
export type EnforcementLevel = (typeof LEVELS)[number];

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

/** A running pack. Always `stop()` it (the CLI commands do so in `finally` and on signals). */
export interface PackSession {
    readonly name: string;
    readonly version: string;
    readonly policies: {
        name: string;
        enforcementLevel: EnforcementLevel;
        description: string;
        severity: string;
    }[];
    /** Milliseconds from spawn to a connected client. */
    readonly startMs: number;
    analyze(resources: readonly AnalyzerInput[]): Promise<Violation[]>;
    analyzeStack(resources: readonly AnalyzerInput[]): Promise<Violation[]>;
    /** Stops the pack process; resolves once it has exited. */
    stop(): Promise<void>;
}

/** A policy config file that cannot be read or is malformed (usage error). */
export class PackConfigError extends Error {}

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

function sourceFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
            return e.name === "node_modules" || e.name === "config" ? [] : sourceFiles(p);
        }
        return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [p] : [];
    });
}

/** Transpiles the pack into `<root>/node_modules/.cache/`, reusing an existing build of the same sources. */
export function compilePack(packDir: string, cacheRoot: string): string {
    const files = sourceFiles(packDir).sort();
    const hash = crypto.createHash("sha256");
    for (const f of [...files, path.join(packDir, "package.json")]) {
        hash.update(path.relative(packDir, f)).update(fs.readFileSync(f));
    }
    const out = path.join(cacheRoot, "policy-pack", hash.digest("hex").slice(0, 16));
    if (fs.existsSync(path.join(out, "package.json"))) {
        return out;
    }
    const tmp = `${out}.tmp-${process.pid}`;
    for (const f of files) {
        const { outputText } = ts.transpileModule(fs.readFileSync(f, "utf8"), {
            compilerOptions: {
                module: ts.ModuleKind.CommonJS,
                target: ts.ScriptTarget.ES2022,
                esModuleInterop: true,
            },
            fileName: f,
        });
        const target = path.join(tmp, path.relative(packDir, f)).replace(/\.ts$/, ".js");
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, outputText);
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8"));
    fs.writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ ...pkg, main: "index.js" }));
    fs.rmSync(out, { recursive: true, force: true });
    fs.renameSync(tmp, out);
    return out;
}

/** Reads a `--policy-pack-config` file: `{"all": level, "<policy>": level | {enforcementLevel, ...knobs}}`. */
export function readPackConfig(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        throw new PackConfigError(
            `cannot read policy config ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
        );
    }
    try {
        const parsed = JSON.parse(text);
        if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
            throw new Error("expected a JSON object");
        }
        return parsed;
    } catch (e) {
        throw new PackConfigError(`policy config ${file} is not valid: ${(e as Error).message}`);
    }
}

function toStruct(value: Record<string, unknown>) {
    return structPb.Struct.fromJavaScript(JSON.parse(JSON.stringify(value)));
}

function call<T>(client: any, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, resp: T) =>
            err ? reject(err) : resolve(resp),
        ),
    );
}

/** Fills the fields AnalyzeRequest and AnalyzerResource share. */
function describe<
    T extends {
        setType(v: string): void;
        setName(v: string): void;
        setUrn(v: string): void;
        setProperties(v: unknown): void;
        setOptions(v: unknown): void;
    },
>(msg: T, r: AnalyzerInput): T {
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setUrn(r.urn);
    msg.setProperties(toStruct(r.props));
    msg.setOptions(options(r));
    return msg;
}

function options(r: AnalyzerInput) {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(r.protect ?? false);
    if (r.parent) {
        opts.setParent(r.parent);
    }
    return opts;
}

function toViolations(resp: any, fallbackUrn: string): Violation[] {
    return resp.getDiagnosticsList().map((d: any) => {
        const description: string = d.getDescription();
        const raw: string = d.getMessage();
        const message = raw.startsWith(`${description}\n`)
            ? raw.slice(description.length + 1)
            : raw;
        return {
            policy: d.getPolicyname(),
            enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
            urn: d.getUrn() || fallbackUrn,
            message,
        };
    });
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

/**
 * Starts the pack in `packDir`, configured with `config` (the parsed `--policy-pack-config` file).
 */
export async function startPolicyPack(
    packDir: string,
    config: Record<string, unknown>,
    cacheRoot: string,
): Promise<PackSession> {
    installExitHandlers();
    const started = Date.now();
    const compiled = compilePack(packDir, cacheRoot);
    const runner = path.join(
        path.dirname(require.resolve("@pulumi/pulumi/package.json")),
        "cmd",
        "run-policy-pack",
    );
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
        cwd: compiled,
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
        const port = await new Promise<number>((resolve, reject) => {
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
                    new Error(
                        `policy pack exited with code ${code} before listening:\n${err.trim()}`,
                    ),
                ),
            );
        });
        const client = new analyzerGrpc.AnalyzerClient(
            `127.0.0.1:${port}`,
            grpc.credentials.createInsecure(),
        );
        const info: any = await call(client, "getAnalyzerInfo", new emptyPb.Empty());
        const severities = ["", "low", "medium", "high", "critical"];
        const policies = info.getPoliciesList().map((p: any) => ({
            name: p.getName() as string,
            enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
            description: p.getDescription() as string,
            severity: severities[p.getSeverity()] ?? "",
        }));
        const known = new Set(policies.map((p: { name: string }) => p.name));
        const unknown = Object.keys(config).filter((k) => k !== "all" && !known.has(k));
        if (unknown.length > 0) {
            throw new PackConfigError(
                `policy config names unknown policies: ${unknown.join(", ")} (the pack has ${[...known].join(", ")})`,
            );
        }
        const request = new analyzerPb.ConfigureAnalyzerRequest();
        for (const p of policies) {
            const entry = config[p.name] ?? config.all;
            if (entry === undefined) {
                continue;
            }
            const { enforcementLevel, ...props } =
                typeof entry === "string"
                    ? { enforcementLevel: entry }
                    : (entry as Record<string, unknown>);
            const level = (enforcementLevel ??
                (typeof config.all === "string"
                    ? config.all
                    : p.enforcementLevel)) as EnforcementLevel;
            if (!LEVELS.includes(level)) {
                throw new PackConfigError(
                    `policy config for ${p.name}: enforcementLevel must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(level)}`,
                );
            }
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(LEVELS.indexOf(level));
            pc.setProperties(toStruct(props));
            request.getPolicyconfigMap().set(p.name, pc);
            p.enforcementLevel = level;
        }
        await call(client, "configure", request);
        return {
            name: info.getName(),
            version: info.getVersion(),
            policies,
            startMs: Date.now() - started,
            analyze: async (resources) =>
                (
                    await mapLimit(resources, 64, async (r) => {
                        return toViolations(
                            await call(
                                client,
                                "analyze",
                                describe(new analyzerPb.AnalyzeRequest(), r),
                            ),
                            r.urn,
                        );
                    })
                ).flat(),
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
                return toViolations(await call(client, "analyzeStack", req), "");
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
