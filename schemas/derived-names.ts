/**
 * Every derived name fits: the config is refused when a name the program derives from it (a node
 * group's EKS name, a store's RDS or ElastiCache identifier, a KMS alias, a secret name...) breaks the
 * limit or characters of the API that receives it. The rows live in components/internal/derived-names.ts,
 * the one table the stack tests compare with the names the program records.
 */
import type { z } from "zod";

import { derivedNameProblems, NameSources } from "../components/internal/derived-names";
import { clusterSchema } from "./cluster";
import { dnsLabel } from "./common";
import { workloadName } from "./names";

/** The parts of a parsed config that names derive from. */
export interface NamedConfig {
    readonly cluster: {
        readonly name: string;
        readonly nodeGroups: Readonly<Record<string, unknown>>;
    };
    readonly addons: { readonly externalSecrets: { readonly secretsPrefix: string } };
    readonly services: Readonly<
        Record<
            string,
            {
                readonly datastores?: { readonly postgres?: unknown; readonly redis?: unknown };
                readonly secrets?: Readonly<Record<string, unknown>>;
            }
        >
    >;
    readonly mlWorkloads: Readonly<Record<string, unknown>>;
}

/** The config names the table derives from. */
export function nameSources(c: NamedConfig): NameSources {
    return {
        clusterName: c.cluster.name,
        nodeGroups: Object.keys(c.cluster.nodeGroups),
        workloads: [
            ...Object.keys(c.services).map((name) => ({ key: "services" as const, name })),
            ...Object.keys(c.mlWorkloads).map((name) => ({ key: "mlWorkloads" as const, name })),
        ],
        stores: Object.entries(c.services).flatMap(([service, s]) =>
            s.datastores
                ? [
                      {
                          service,
                          postgres: s.datastores.postgres !== undefined,
                          redis: s.datastores.redis !== undefined,
                      },
                  ]
                : [],
        ),
        readers: Object.entries(c.services)
            .filter(
                ([, s]) => s.datastores !== undefined || Object.keys(s.secrets ?? {}).length > 0,
            )
            .map(([service]) => service),
        secretsPrefix: c.addons.externalSecrets.secretsPrefix,
    };
}

/** Refuses the config key whose derived name breaks its API's limit or characters. */
export function checkDerivedNames(c: NamedConfig, ctx: z.RefinementCtx): void {
    // Refinements run even when a key failed its own schema: a name already refused there derives
    // nothing (its error says what is wrong with it).
    if (!clusterSchema.shape.name.safeParse(c.cluster.name).success) {
        return;
    }
    const sources = nameSources(c);
    const valid: NameSources = {
        ...sources,
        nodeGroups: sources.nodeGroups.filter((g) => dnsLabel.safeParse(g).success),
        workloads: sources.workloads.filter((w) => workloadName.safeParse(w.name).success),
        stores: sources.stores.filter((st) => workloadName.safeParse(st.service).success),
        readers: sources.readers.filter((r) => workloadName.safeParse(r).success),
    };
    for (const { rule, derived, problem } of derivedNameProblems(valid)) {
        ctx.addIssue({
            code: "custom",
            path: [...derived.path],
            message: `derives the ${rule.object} "${derived.name}", which ${problem} (limit ${rule.max}: ${rule.source})`,
            input: derived.value,
        });
    }
}
