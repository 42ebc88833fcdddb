/**
 * Per-process cost cuts for the offline tools only (never loaded by `pulumi up`, which runs
 * `index.ts` through the Pulumi CLI's own Node.js host). Each reaches into `@pulumi/pulumi` 3.270.0
 * internals; tests/tools/sdk-internals.spec.ts fails when those internals change.
 *
 * - TypeScript on demand: `runtime/closure/parseFunction.js` requires `typescript-shim` (which loads
 *   the whole `typescript` package, about 0.3-0.5 s) at module load, although only closure
 *   serialisation (`pulumi.runtime.serializeFunction`) uses it, which the offline tools never call.
 *   We put a stand-in for the shim into the module cache that loads the real module on first use.
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

let installed = false;

/**
 * Makes `@pulumi/pulumi` load TypeScript only if something uses it. Call before anything requires
 * `@pulumi/pulumi`; calling it later has no effect on modules already loaded.
 */
export function deferTypeScript(): void {
    if (installed) {
        return;
    }
    installed = true;
    let shim: string;
    try {
        shim = typescriptShimPath();
    } catch {
        return; // moved in a newer SDK: load TypeScript as before
    }
    if (require.cache[shim]) {
        return; // already loaded for real
    }
    let real: Record<string | symbol, unknown> | undefined;
    const load = () => {
        if (!real) {
            delete require.cache[shim];
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            real = require(shim) as Record<string | symbol, unknown>;
        }
        return real;
    };
    const lazy = new Proxy({} as Record<string | symbol, unknown>, {
        get: (_t, key) => load()[key],
        has: (_t, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_t, key) => {
            const d = Object.getOwnPropertyDescriptor(load(), key);
            return d ? { ...d, configurable: true } : undefined;
        },
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as new (id: string) => NodeJS.Module;
    const stub = new Module(shim);
    stub.filename = shim;
    stub.loaded = true;
    stub.exports = lazy;
    stub.paths = [path.dirname(shim)];
    require.cache[shim] = stub;
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
