/**
 * Per-process cost cuts for the offline tools only (never loaded by `pulumi up`, which runs
 * `index.ts` through the Pulumi CLI's own Node.js host). Each reaches into `@pulumi/pulumi` 3.270.0
 * internals; tests/tools/sdk-internals.spec.ts fails when those internals change.
 *
 * - Closure serialisation on demand: two modules of `runtime/closure/` load large dependencies at
 *   module load that only closure serialisation (`pulumi.runtime.serializeFunction`,
 *   `computeCodePaths`) uses, which the offline tools never call. `parseFunction.js` requires
 *   `typescript-shim` (the whole `typescript` package, about 0.3-0.5 s of CPU); `codePaths.js`
 *   requires `@npmcli/arborist` (about 450 modules: pacote, sigstore, tuf, cacache...; about 0.4 s of
 *   CPU, measured with `process.cpuUsage()` around `require("@pulumi/pulumi")`), and only calls
 *   `new arborist.Arborist(...)`. We put stand-ins for both into the module cache that load the real
 *   module on first use.
 * - No call sites per resource: every `Resource` constructor calls `Resource.callsites()`
 *   (`resource.js`), which captures a stack with `Error.stackTraceLimit = Infinity` and parses every
 *   frame into the `sourcePosition` the engine shows in its diagnostics. Mocks ignore it. We replace
 *   `callsites` with one that returns no frames while the program runs.
 * - Short stacks: the SDK also captures a stack for every debuggable promise
 *   (`runtime/debuggable.js`, `_debugStackTrace`); `Error.stackTraceLimit` is lowered while the
 *   program runs.
 *
 * If an evaluation with these cuts fails, evaluate.ts runs it again without them, so errors are
 * reported exactly as without the cuts. When the internals are missing, the cuts are skipped (the
 * tools stay correct, only slower) and the test fails.
 */
import * as path from "path";

/** The stack depth kept while the program is evaluated offline. */
export const EVALUATION_STACK_LIMIT = 1;

/** The part of `Resource` the cuts replace. */
interface ResourceStatics {
    callsites?: () => unknown[];
}

/** Where the shim lives (throws if @pulumi/pulumi moved it). */
export function typescriptShimPath(): string {
    return require.resolve("@pulumi/pulumi/typescript-shim");
}

/** Where the SDK's `@npmcli/arborist` lives, as `runtime/closure/codePaths.js` resolves it. */
export function arboristPath(): string {
    return require.resolve("@npmcli/arborist", {
        paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))],
    });
}

/**
 * The names `@npmcli/arborist` exports (`lib/index.js`). `codePaths.js` copies them with TypeScript's
 * `__importStar` when it loads, so the stand-in must have the same names; each is a class whose
 * constructor builds the real one. tests/tools/sdk-internals.spec.ts compares them with the real
 * module's.
 */
export const ARBORIST_EXPORTS = ["Arborist", "Node", "Link", "Edge", "Shrinkwrap"] as const;

type Exports = Record<string | symbol, unknown>;

/** Puts `exports` into the module cache as the already loaded module at `file`. */
function cacheModule(file: string, exports: unknown): void {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as new (id: string) => NodeJS.Module;
    const stub = new Module(file);
    stub.filename = file;
    stub.loaded = true;
    stub.exports = exports;
    stub.paths = [path.dirname(file)];
    require.cache[file] = stub;
}

/** Loads the real module at `file` once, replacing the stand-in in the cache. */
function realLoader(file: string): () => Exports {
    let real: Exports | undefined;
    return () => {
        if (!real) {
            delete require.cache[file];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            real = require(file) as Exports;
        }
        return real;
    };
}

/** A stand-in whose every property read loads the real module (for modules used as a namespace). */
function lazyNamespace(load: () => Exports): Exports {
    return new Proxy({} as Exports, {
        get: (_t, key) => load()[key],
        has: (_t, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_t, key) => {
            const d = Object.getOwnPropertyDescriptor(load(), key);
            return d ? { ...d, configurable: true } : undefined;
        },
    });
}

/** A stand-in with the given class exports, each loading the real module when constructed. */
function lazyClasses(load: () => Exports, names: readonly string[]): Exports {
    const exports: Exports = {};
    for (const name of names) {
        exports[name] = class {
            constructor(...args: unknown[]) {
                const Real = load()[name] as new (...a: unknown[]) => object;
                return new Real(...args);
            }
        };
    }
    return exports;
}

let installed = false;

/**
 * Makes `@pulumi/pulumi` load TypeScript and `@npmcli/arborist` only if something uses them. Call
 * before anything requires `@pulumi/pulumi`; calling it later has no effect on modules already
 * loaded. A module the SDK moved is loaded as before (the tools stay correct, only slower).
 */
export function deferClosureModules(): void {
    if (installed) {
        return;
    }
    installed = true;
    const defer = (locate: () => string, standIn: (load: () => Exports) => Exports) => {
        let file: string;
        try {
            file = locate();
        } catch {
            return; // moved in a newer SDK
        }
        if (!require.cache[file]) {
            cacheModule(file, standIn(realLoader(file)));
        }
    };
    defer(typescriptShimPath, lazyNamespace);
    defer(arboristPath, (load) => lazyClasses(load, ARBORIST_EXPORTS));
}

/** The `Resource` class whose static `callsites` the cuts replace. */
export function resourceStatics(): ResourceStatics {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require("@pulumi/pulumi") as { Resource: ResourceStatics }).Resource;
}

/** Runs `fn` with the stack cuts, restoring the SDK's own behaviour afterwards. */
export async function withCheapStacks<T>(fn: () => Promise<T>): Promise<T> {
    const resource = resourceStatics();
    const callsites = resource.callsites;
    const limit = Error.stackTraceLimit;
    if (typeof callsites === "function") {
        resource.callsites = () => [];
    }
    Error.stackTraceLimit = EVALUATION_STACK_LIMIT;
    try {
        return await fn();
    } finally {
        Error.stackTraceLimit = limit;
        if (typeof callsites === "function") {
            resource.callsites = callsites;
        }
    }
}
