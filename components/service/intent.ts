/**
 * A workload's mesh intent, as the golden-path composites take it: the same words as the stack
 * config's `mesh.services.<name>`.
 */
import type { Canary, FaultInjection, RetryPolicy } from "../mesh-policy/routes";

/** What one caller may do: HTTP methods and paths. */
export interface CallerIntent {
    /** @default - any method */
    readonly methods?: readonly string[];
    /** @default - any path */
    readonly paths?: readonly string[];
}

/** A workload's traffic intent inside the mesh. */
export interface MeshIntent {
    /** Hosts outside the mesh the workload calls (HTTPS). @default [] */
    readonly egress?: readonly { readonly host: string; readonly port: number }[];
    /** Per-caller methods and paths, by caller name. @default - every caller may do anything */
    readonly rules?: Readonly<Record<string, CallerIntent>>;
    /** Route timeout. @default "10s" */
    readonly timeout?: string;
    /** Route retries. @default {@link DEFAULT_RETRIES} */
    readonly retries?: RetryPolicy;
    /** Weighted and header canary routing (needs canary pods). @default - none */
    readonly canary?: Canary;
    /** Fault injection for chaos tests (the config forbids it in production). @default - none */
    readonly faultInjection?: FaultInjection;
}
