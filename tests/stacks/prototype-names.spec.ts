/**
 * Names are data: `constructor`, `tostring`, `valueof`, `hasownproperty`, `prototype`, `proto`...
 * are valid DNS labels, so valid service, ML workload, node group, mesh and admin-account names. Each
 * committed stack is evaluated with its names replaced by such names (all of Object.prototype's
 * members, lowercased to a DNS label) and must produce the same program: the same resources of each
 * type, each workload's mesh callers renamed alike, and 0 mandatory violations through the real pack.
 * A plain-object lookup anywhere (`config.mesh.services[name]`, `nodeGroups[w.nodeGroup]`) finds
 * Object.prototype's member for a name the table lacks and crashes or misreads the program.
 */
import * as assert from "assert";
import * as path from "path";

import { parsePlatformConfig, rawProjectConfig } from "../../config";
import { itemsAt, stringAt } from "../../lib/kubernetes";
import { Evaluation, evaluateProgram } from "../../tools/offline/evaluate";
import { readPackConfig, startPolicyPack, Violation } from "../../tools/offline/pack";
import { previewResource } from "../../tools/offline/preview";
import { redactSecrets } from "../../tools/offline/secrets";
import { rawStack, ROOT, stackConfig, stackContext } from "../helpers/config";
import { withRenamedNames } from "../helpers/rename";
import { evaluatedStack } from "../helpers/stack-evaluation";

const AUTHZ = "kubernetes:security.istio.io/v1:AuthorizationPolicy";

const MEMBERS = Object.getOwnPropertyNames(Object.prototype);

/** Object.prototype's members as DNS labels: `__proto__` -> `proto`, `toString` -> `tostring`. */
const PROTOTYPE_LABELS = MEMBERS.map((n) => n.toLowerCase().replace(/[^a-z0-9-]/g, ""));

/** Per stack: each committed name and the Object.prototype-like name it becomes. */
const RENAMES: Record<"staging" | "production", ReadonlyMap<string, string>> = {
    staging: new Map([
        ["inventory", "prototype"],
        ["order", "tostring"],
        ["shipping", "valueof"],
        ["payment", "hasownproperty"],
        ["customer", "constructor"],
        ["ml-prediction", "proto"],
        ["ml", "constructor"],
        ["general", "isprototypeof"],
        ["admin-sa", "propertyisenumerable"],
        // A node group label key (and taint key): any case, so the members' own spelling.
        ["workload", "valueOf"],
    ]),
    production: new Map([
        ["inventory", "definegetter"],
        ["order", "definesetter"],
        ["shipping", "constructor"],
        ["payment", "lookupgetter"],
        ["customer", "lookupsetter"],
        ["ml-prediction", "tostring"],
        ["ml", "valueof"],
        ["general", "tolocalestring"],
        ["admin-sa", "proto"],
        ["workload", "hasOwnProperty"],
    ]),
};

describe("names drawn from Object.prototype", () => {
    it("every member of Object.prototype names something in one of the stacks", () => {
        const used = new Set([...RENAMES.staging.values(), ...RENAMES.production.values()]);
        assert.deepStrictEqual(
            PROTOTYPE_LABELS.filter((n) => !used.has(n)),
            [],
        );
    });
});

/** Principals of each workload's AuthorizationPolicy, keyed by the policy's object name. */
function callersByWorkload(e: Evaluation): Map<string, string[]> {
    return new Map(
        e.recorder.ofType(AUTHZ).map((p) => [
            stringAt(p.inputs, "metadata", "name") ?? "",
            itemsAt(p.inputs, "spec", "rules")
                .flatMap((rule) => itemsAt(rule, "from"))
                .flatMap((from) => itemsAt(from, "source", "principals"))
                .map(String)
                .sort(),
        ]),
    );
}

function countsByType(e: Evaluation): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of e.recorder.resources) {
        counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    }
    return counts;
}

for (const stack of ["staging", "production"] as const) {
    describe(`stack ${stack} with Object.prototype's member names`, function () {
        this.timeout(300_000);
        const names = RENAMES[stack];
        const rename = (name: string) => names.get(name) ?? name;
        let original: Evaluation;
        let edited: Evaluation;

        before(async () => {
            original = await evaluatedStack(stack);
            edited = await evaluateProgram(withRenamedNames(stackConfig(stack), names));
        });

        it("uses names drawn from Object.prototype (and `prototype`) only", () => {
            for (const name of names.values()) {
                assert.ok([...PROTOTYPE_LABELS, ...MEMBERS, "prototype"].includes(name), name);
            }
        });

        it("validates, with every renamed key in its table", () => {
            const raw = rawStack(stack);
            const config = parsePlatformConfig(
                rawProjectConfig(withRenamedNames(stackConfig(stack), names).config),
                stackContext(stack),
            );
            assert.deepStrictEqual(
                Object.keys(config.services),
                Object.keys(raw.services as object).map(rename),
            );
            assert.deepStrictEqual(
                Object.keys(config.mlWorkloads),
                Object.keys(raw.mlWorkloads as object).map(rename),
            );
            assert.deepStrictEqual(
                Object.keys(config.cluster.nodeGroups),
                Object.keys((raw.cluster as { nodeGroups: object }).nodeGroups).map(rename),
            );
            assert.deepStrictEqual(
                Object.keys(config.mesh.services),
                Object.keys((raw.mesh as { services: object }).services).map(rename),
            );
        });

        it("creates the same resources of each type as the committed stack", () => {
            assert.deepStrictEqual(countsByType(edited), countsByType(original));
        });

        it("admits each workload's callers, renamed alike, in its AuthorizationPolicy", () => {
            const renamedPrincipal = (p: string) => {
                const [prefix, account] = p.split("/sa/");
                return `${prefix}/sa/${rename(account)}`;
            };
            const expected = new Map(
                [...callersByWorkload(original)].map(([name, principals]) => [
                    rename(name),
                    principals.map(renamedPrincipal).sort(),
                ]),
            );
            assert.deepStrictEqual(callersByWorkload(edited), expected);
        });

        it("exports the renamed node groups", () => {
            const groups = (o: Evaluation) =>
                Object.keys(o.outputs.nodeGroupNames as Record<string, unknown>);
            assert.deepStrictEqual(groups(edited), groups(original).map(rename));
        });

        it("has 0 mandatory violations through the real pack", async () => {
            const pack = await startPolicyPack({
                route: "inprocess",
                config: readPackConfig(path.join(ROOT, "policies", "config", `${stack}.json`)),
            });
            let violations: Violation[];
            try {
                const inputs = edited.recorder.resources.map((r) => ({
                    ...previewResource(r),
                    props: redactSecrets(structuredClone(r.inputs)),
                }));
                violations = [
                    ...(await pack.analyze(inputs)),
                    ...(await pack.analyzeStack(inputs)),
                ];
            } finally {
                await pack.stop();
            }
            assert.deepStrictEqual(
                violations.filter((v) => v.enforcementLevel === "mandatory"),
                [],
            );
        });
    });
}
