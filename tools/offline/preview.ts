/**
 * The offline preview: evaluate the program under mocks with a stack's config, render and validate its
 * Kubernetes manifests, run the real policy pack over every resource and the stack, check capacity.
 */
import * as path from "path";

import { configContext, parsePlatformConfig, rawProjectConfig } from "../../config";
import { checkCapacity, GroupCapacity } from "./capacity";
import { capacityInputs } from "./capacity-inputs";
import { CostEstimate, estimateCost } from "./cost";
import { StoreCapacity, storeCapacity } from "./datastore-capacity";
import { evaluateProgram } from "./evaluate";
import { RecordedResource } from "./mocks";
import { AnalyzerInput, PackRoute, PackSession, startPolicyPack, Violation } from "./pack";
import { collectManifests, writeManifests } from "./render";
import { SchemaValidator } from "./schemas";
import { redactSecrets } from "./secrets";
import { compareWithSeed, SeedComparisonRow } from "./seed-costs";
import type { Project } from "./project";
import { StackConfig } from "./stack-config";
import type { StackOutputs } from "./stack-references";

/** One resource of the preview JSON. */
export interface PreviewResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    /**
     * URN of the provider that creates the resource: the explicit one, or the engine's default provider
     * of its package (`pulumi:providers:<pkg>::default_<version>`); null for local components and
     * provider resources, which no provider creates.
     */
    readonly provider: string | null;
    /** URNs the resource waits for: `dependsOn`, the resources its inputs come from, and its parent. */
    readonly dependencies: string[];
    /** Earlier URNs of the resource (its `aliases`, and those inherited from its parent's). */
    readonly aliases: string[];
    readonly inputs: Record<string, unknown>;
}

/** The JSON document of the contract (plus text-only details under `details`). */
export interface PreviewResult {
    readonly stack: string;
    readonly resources: PreviewResource[];
    readonly violations: Violation[];
    readonly schemaErrors: { urn: string; message: string }[];
    /**
     * Per node group, at minimum and at autoscaled maximum: requests (sidecars, add-ons and DaemonSets
     * included) against capacity, and pods against the VPC CNI's pods per node.
     */
    readonly capacity: GroupCapacity[];
    /**
     * The monthly cost estimate (lines and totals at desired size and at maximum); production also
     * carries the seed's cost table beside it (`seed`).
     */
    readonly cost: CostEstimate & { readonly seed?: SeedComparisonRow[] };
    readonly summary: { resources: number; mandatory: number; advisory: number };
    /** The stack outputs (index.ts's exports), secrets shown as `[secret]`. */
    readonly outputs: Record<string, unknown>;
}

/** The phases of a preview, in order, as progress reports them. */
export type PreviewPhase = "config" | "evaluate" | "render" | "schema" | "policy";

/** What the text report shows beyond the contract's JSON. */
export interface PreviewDetails {
    /** The Pulumi project's name (`Pulumi.yaml` `name`). @default "supply-chain-platform" */
    readonly project?: string;
    readonly pack: { name: string; version: string; startMs: number; route: PackRoute };
    readonly files: string[];
    readonly outDir: string;
    readonly schema: { validated: number; withoutSchema: string[] };
    /** Data stores with their estimated monthly cost. */
    readonly datastores: StoreCapacity[];
    readonly timings: { evaluateMs: number; renderMs: number; policyMs: number };
}

/** Options of {@link runPreview}. */
export interface PreviewOptions {
    readonly root: string;
    readonly stack: StackConfig;
    readonly outDir: string;
    readonly policyConfig: Record<string, unknown>;
    /** How error messages name the policy config (its file). */
    readonly policyConfigSource?: string;
    /** How the pack runs when none is given. @default "inprocess" */
    readonly route?: PackRoute;
    /**
     * Evaluate with the offline cost cuts of sdk-tuning.ts (full stacks again if evaluation fails).
     * @default false
     */
    readonly fast?: boolean;
    /** Reuse a running pack (benchmarks); otherwise one is started and stopped. */
    readonly pack?: PackSession;
    /** Called as each phase starts (progress reporting). @default no callback */
    readonly onPhase?: (phase: PreviewPhase) => void;
    /**
     * The project to run (project.ts): another project of the repository has no platform config, so
     * its preview checks no node capacity and prices only the resources it creates.
     *
     * @default - the platform program at the repository root
     */
    readonly project?: Project;
    /** The outputs the program's stack references read (stack-references.ts). @default - none */
    readonly stackOutputs?: StackOutputs;
}

/** The engine's URN of the default provider of a package at a version (`default_7_48_0`). */
function defaultProviderUrn(urn: string, pkg: string, version: string): string {
    const [stack, project] = urn.split("::");
    const suffix = version ? `_${version.replace(/[.+-]/g, "_")}` : "";
    return `${stack}::${project}::pulumi:providers:${pkg}::default${suffix}`;
}

/** A recorded resource in the preview JSON's form (secrets in `inputs` are not redacted here). */
export function previewResource(r: RecordedResource): PreviewResource {
    const explicit = r.provider ? r.provider.split("::").slice(0, -1).join("::") : "";
    // Provider resources, and the engine's builtins (a StackReference), have no provider of their own.
    const isProvider =
        r.type.startsWith("pulumi:providers:") || r.type.startsWith("pulumi:pulumi:");
    const provider =
        explicit ||
        (!isProvider && (r.custom || r.remote)
            ? defaultProviderUrn(r.urn, r.type.split(":")[0], r.version)
            : null);
    const dependencies = [...new Set([...(r.parent ? [r.parent] : []), ...r.dependencies])];
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        provider,
        dependencies,
        aliases: r.aliases,
        inputs: r.inputs,
    };
}

/** The cost estimate of a stack, with the seed's table beside production's. */
function stackCost(
    resources: readonly RecordedResource[],
    config: ReturnType<typeof parsePlatformConfig>,
    capacity: readonly GroupCapacity[],
): PreviewResult["cost"] {
    const monitoring = config.addons.monitoring;
    const estimate = estimateCost(resources, {
        monitoring: monitoring.enabled ? monitoring : undefined,
        logging: config.addons.logging.enabled,
        poolNodes: new Map(capacity.map((g) => [g.group, g.minNodes])),
    });
    return config.environment === "production"
        ? { ...estimate, seed: compareWithSeed(estimate) }
        : estimate;
}

/** Runs the whole offline preview. The pack is always stopped when this function started it. */
export async function runPreview(
    options: PreviewOptions,
): Promise<{ result: PreviewResult; details: PreviewDetails }> {
    const t0 = Date.now();
    const packPromise = options.pack
        ? Promise.resolve(options.pack)
        : startPolicyPack({
              route: options.route,
              config: options.policyConfig,
              configSource: options.policyConfigSource,
          });
    // Awaited below; this only keeps a failed start from counting as unhandled meanwhile.
    packPromise.catch(() => undefined);
    // Start the pack while the program evaluates; make sure it is stopped if evaluation fails.
    let evaluation;
    try {
        if ((options.route ?? "inprocess") === "inprocess") {
            await packPromise; // instant; a policy config error then stops before evaluation
        }
        options.onPhase?.("evaluate");
        evaluation = await evaluateProgram(options.stack, options.project?.program, undefined, {
            fast: options.fast,
            stackOutputs: options.stackOutputs,
        });
    } catch (e) {
        if (!options.pack) {
            await packPromise.then(
                (p) => p.stop(),
                () => undefined,
            );
        }
        throw e;
    }
    const t1 = Date.now();
    const pack = await packPromise;
    try {
        const resources = evaluation.recorder.resources.map((r) => ({
            ...previewResource(r),
            inputs: redactSecrets(r.inputs),
        }));

        options.onPhase?.("render");
        const manifests = collectManifests(evaluation.recorder.resources);
        const stackOut = path.join(options.outDir, options.stack.stack);
        const files = writeManifests(stackOut, manifests);
        options.onPhase?.("schema");
        const validator = new SchemaValidator();
        validator.registerCrds(manifests.map((m) => m.object));
        const schemaErrors: PreviewResult["schemaErrors"] = [];
        const withoutSchema = new Set<string>();
        let validated = 0;
        for (const m of manifests) {
            const r = await validator.validate(m.object);
            if (r.status === "invalid") {
                schemaErrors.push({ urn: m.urn, message: r.message });
            } else if (r.status === "no-schema") {
                withoutSchema.add(`${m.object.apiVersion}/${m.object.kind}`);
            } else {
                validated++;
            }
        }
        const t2 = Date.now();

        options.onPhase?.("policy");
        const inputs: AnalyzerInput[] = evaluation.recorder.resources.map((r, i) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            props: resources[i].inputs,
            parent: r.parent,
            dependencies: r.dependencies,
            protect: r.protect,
        }));
        const violations = [...(await pack.analyze(inputs)), ...(await pack.analyzeStack(inputs))];
        const t3 = Date.now();
        const platformConfig =
            (options.project?.platform ?? true)
                ? parsePlatformConfig(
                      rawProjectConfig(options.stack.config),
                      configContext(options.stack.config, options.stack.secretKeys),
                  )
                : undefined;

        const capacity = platformConfig
            ? checkCapacity(
                  evaluation.recorder.resources,
                  capacityInputs(platformConfig, evaluation.recorder.resources),
              )
            : [];
        const result: PreviewResult = {
            stack: options.stack.stack,
            resources,
            violations,
            schemaErrors,
            capacity,
            cost: platformConfig
                ? stackCost(evaluation.recorder.resources, platformConfig, capacity)
                : estimateCost(evaluation.recorder.resources),
            summary: {
                resources: resources.length,
                mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
                advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
            },
            outputs: redactSecrets(evaluation.recorder.stackOutputs),
        };
        const details: PreviewDetails = {
            project: options.stack.project,
            pack: {
                name: pack.name,
                version: pack.version,
                startMs: pack.startMs,
                route: pack.route,
            },
            files,
            outDir: stackOut,
            schema: { validated, withoutSchema: [...withoutSchema].sort() },
            datastores: storeCapacity(evaluation.recorder.resources),
            timings: { evaluateMs: t1 - t0, renderMs: t2 - t1, policyMs: t3 - t2 },
        };
        return { result, details };
    } finally {
        if (!options.pack) {
            await pack.stop();
        }
    }
}
