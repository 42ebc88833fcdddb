/**
 * One capacity problem of the config; `severity` decides whether it stops the program. Shared by the
 * capacity rules (schemas/capacity.ts) and the pod-slot rule (schemas/pod-slots.ts).
 */
export interface CapacityFinding {
    readonly path: (string | number)[];
    readonly message: string;
    readonly input: unknown;
    readonly severity: "error" | "warning";
}
