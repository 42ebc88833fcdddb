/**
 * The policy pack as the tools load it: by path, from the `policies/` folder next to this module (the
 * source tree under ts-node, `build/<stamp>/policies` when precompiled), the way the Pulumi CLI loads
 * a pack folder, rather than through a static import. The tools therefore depend on the pack's
 * exported shape only (`PACK_NAME`, `PACK_ENFORCEMENT_LEVEL`, `policies` of `policies/policies.ts`),
 * and nothing outside the pack and its tests imports it.
 */
import * as path from "path";
import type { Policy } from "@pulumi/policy";

import { EnforcementLevel, LEVELS } from "./pack-config";

/** What `policies/policies.ts` exports. */
export interface PackModule {
    readonly PACK_NAME: string;
    readonly PACK_ENFORCEMENT_LEVEL: EnforcementLevel;
    readonly policies: readonly Policy[];
    /**
     * Optional: false when a policy is certainly not applicable to a resource type (its
     * `validateResource` would call `notApplicable` before reading any property), so the in-process
     * route need not call it.
     */
    readonly policyMayApplyToType?: (policy: Policy, type: string) => boolean;
}

/** The pack's module file, without extension (Node and ts-node resolve it). */
export const PACK_MODULE = path.resolve(__dirname, "..", "..", "policies", "policies");

const loaded = new Map<string, PackModule>();

/**
 * Loads a pack's policies once per module file; throws naming the file when it does not export the
 * expected shape.
 * @param file the module to load (an installed pack package's `./policies` export, see
 * pack-installed.ts). @default PACK_MODULE (this repository's pack)
 */
export function loadPack(file: string = PACK_MODULE): PackModule {
    let pack = loaded.get(file);
    if (!pack) {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const mod: unknown = require(file);
        const m = (mod ?? {}) as Partial<Record<keyof PackModule, unknown>>;
        if (
            typeof m.PACK_NAME !== "string" ||
            !(LEVELS as readonly unknown[]).includes(m.PACK_ENFORCEMENT_LEVEL) ||
            !Array.isArray(m.policies) ||
            !["undefined", "function"].includes(typeof m.policyMayApplyToType)
        ) {
            throw new Error(
                `${file} does not export PACK_NAME, PACK_ENFORCEMENT_LEVEL and policies (and policyMayApplyToType only as a function)`,
            );
        }
        pack = m as PackModule;
        loaded.set(file, pack);
    }
    return pack;
}
