/**
 * The offline preview: evaluate the program under mocks with a stack's config, render and validate its
 * Kubernetes manifests, run the real policy pack over every resource and the stack, check capacity.
 */
import * as path from "path";

import { checkCapacity, GroupCapacity } from "./capacity";
import { StoreCapacity, storeCapacity } from "./datastore-capacity";
import { evaluateProgram } from "./evaluate";
import { AnalyzerInput, PackSession, startPolicyPack, Violation } from "./pack";
import { collectManifests, writeManifests } from "./render";
import { SchemaValidator } from "./schemas";
import { redactSecrets } from "./secrets";
import { StackConfig } from "./stack-config";

/** The JSON document of the contract (plus text-only details under `details`). */
export interface PreviewResult {
    readonly stack: string;
    readonly resources: {
        urn: string;
        type: string;
        name: string;
        parent?: string;
        inputs: Record<string, unknown>;
    }[];
    readonly violations: Violation[];
    readonly schemaErrors: { urn: string; message: string }[];
    readonly summary: { resources: number; mandatory: number; advisory: number };
}

/** What the text report shows beyond the contract's JSON. */
export interface PreviewDetails {
    readonly pack: { name: string; version: string; startMs: number };
    readonly files: string[];
    readonly outDir: string;
    readonly schema: { validated: number; withoutSchema: string[] };
    readonly capacity: GroupCapacity[];
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
    /** Reuse a running pack (benchmarks); otherwise one is started and stopped. */
    readonly pack?: PackSession;
}

/** Runs the whole offline preview. The pack is always stopped when this function started it. */
export async function runPreview(
    options: PreviewOptions,
): Promise<{ result: PreviewResult; details: PreviewDetails }> {
    const t0 = Date.now();
    const packPromise = options.pack
        ? Promise.resolve(options.pack)
        : startPolicyPack(
              path.join(options.root, "policies"),
              options.policyConfig,
              path.join(options.root, "node_modules", ".cache", "supply-chain-platform"),
          );
    // Start the pack while the program evaluates; make sure it is stopped if evaluation fails.
    let evaluation;
    try {
        evaluation = await evaluateProgram(options.stack);
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
            urn: r.urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            inputs: redactSecrets(r.inputs),
        }));

        const manifests = collectManifests(evaluation.recorder.resources);
        const stackOut = path.join(options.outDir, options.stack.stack);
        const files = writeManifests(stackOut, manifests);
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

        const result: PreviewResult = {
            stack: options.stack.stack,
            resources,
            violations,
            schemaErrors,
            summary: {
                resources: resources.length,
                mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
                advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
            },
        };
        const details: PreviewDetails = {
            pack: { name: pack.name, version: pack.version, startMs: pack.startMs },
            files,
            outDir: stackOut,
            schema: { validated, withoutSchema: [...withoutSchema].sort() },
            capacity: checkCapacity(evaluation.recorder.resources),
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
