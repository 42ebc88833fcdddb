/**
 * The in-process pack route (the default) and the gRPC route (`--pack grpc`, the pack served over the
 * Analyzer protocol as under the engine) agree finding for finding: on the shared corpus, on both
 * stacks, on a generated large stack, and on unknown values and crashing policies.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import { generateStack } from "../../bench/generate";
import { checkObjects, expandInputs, readManifests } from "../../tools/offline/check";
import { AnalyzerInput, PackSession, startPolicyPack } from "../../tools/offline/pack";
import { ROOT, runTool } from "./cli";

/** The upstream corpus conformance uses; CI has it next to the checkout. */
const CORPUS = process.env.PLATFORM_CORPUS ?? path.resolve(ROOT, "..", "shared", "corpus");
/** Everything mandatory and tiny resource ceilings, so every stack produces findings to compare. */
const STRICT = {
    all: "mandatory",
    "workloads-require-resource-limits": { maxCpu: "10m", maxMemory: "16Mi" },
};
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // @pulumi/policy proxy.js unknownStringValue

describe("policy pack routes agree", function () {
    this.timeout(300_000);
    const packs: PackSession[] = [];
    const both = async (config: Record<string, unknown>) => {
        const [a, b] = await Promise.all([
            startPolicyPack({ route: "inprocess", config }),
            startPolicyPack({ route: "grpc", config }),
        ]);
        packs.push(a, b);
        return [a, b] as const;
    };
    after(async () => Promise.all(packs.map((p) => p.stop())));

    it("on the shared corpus, object for object", async function () {
        if (!fs.existsSync(CORPUS)) {
            this.skip(); // conformance skips the same way; CI provides the corpus
        }
        const { objects } = readManifests(expandInputs([CORPUS]).files);
        const config = JSON.parse(
            fs.readFileSync(path.join(ROOT, "policies/config/production.json"), "utf8"),
        );
        const [inprocess, grpc] = await both(config);
        const a = await checkObjects(objects, inprocess);
        const b = await checkObjects(objects, grpc);
        assert.ok(a.results.flatMap((r) => r.violations).length > 100, "the corpus has findings");
        assert.deepStrictEqual(a, b);
    });

    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "routes-"));
    const strict = path.join(tmp, "strict.json");
    fs.writeFileSync(strict, JSON.stringify(STRICT));
    const large = path.join(tmp, "Pulumi.large.yaml");
    generateStack(ROOT, 10, large);
    const cases: [string, string[]][] = [
        ["staging", ["--stack", "staging"]],
        ["production", ["--stack", "production"]],
        ["a generated stack of 10 services", ["--stack", "production", "--config", large]],
    ];
    for (const [label, args] of cases) {
        it(`on ${label}, violation for violation`, () => {
            const run = (pack: string) => {
                const r = runTool(
                    "preview",
                    [...args, "--out", path.join(tmp, pack), "--format", "json"].concat([
                        "--policy-config",
                        strict,
                        "--pack",
                        pack,
                    ]),
                    240_000,
                );
                assert.strictEqual(r.status, 1, r.stderr);
                return JSON.parse(r.stdout);
            };
            const a = run("inprocess");
            const b = run("grpc");
            assert.ok(a.violations.length > 0, "the strict config yields violations");
            assert.deepStrictEqual(a.violations, b.violations);
            assert.deepStrictEqual(a.summary, b.summary);
        });
    }

    it("on unknown values and on a policy that crashes on a malformed object", async () => {
        const [inprocess, grpc] = await both(STRICT);
        const pod = (name: string, spec: unknown): AnalyzerInput => ({
            urn: `urn:pulumi:test::p::kubernetes:core/v1:Pod::${name}`,
            type: "kubernetes:core/v1:Pod",
            name,
            props: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "apps" }, spec },
        });
        const inputs = [
            pod("unknown-image", { containers: [{ name: "app", image: UNKNOWN_STRING }] }),
            pod("null-container", { containers: [null] }),
            pod("fine", { containers: [{ name: "app", image: "nginx:1.27" }] }),
        ];
        const a = [...(await inprocess.analyze(inputs)), ...(await inprocess.analyzeStack(inputs))];
        const b = [...(await grpc.analyze(inputs)), ...(await grpc.analyzeStack(inputs))];
        assert.deepStrictEqual(a, b);
        assert.ok(
            a.some(
                (v) =>
                    v.enforcementLevel === "advisory" &&
                    /^can't run policy '.+' from policy pack 'supply-chain-platform@v.+' during preview: string value at \.spec\.containers\.0\.image can't be known during preview$/.test(
                        v.message,
                    ),
            ),
            JSON.stringify(a, null, 1),
        );
        assert.deepStrictEqual(
            a.filter((v) => v.urn.endsWith("::null-container")),
            [
                {
                    policy: "workloads-require-resource-limits",
                    enforcementLevel: "mandatory",
                    urn: "urn:pulumi:test::p::kubernetes:core/v1:Pod::null-container",
                    message:
                        "could not be checked (malformed object?): TypeError: Cannot read properties of null (reading 'name')",
                },
            ],
        );
    });
});
