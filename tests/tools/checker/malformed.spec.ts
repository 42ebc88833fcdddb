/**
 * Generated malformed objects (a list where a map is expected, `replicas: "three"`, ...) are findings
 * with the field they are about, never crashes or JavaScript errors in the output.
 */
import * as assert from "assert";
import fc from "fast-check";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";

import type { PolicyCheckReport } from "../cli";
import { runChecker } from "./in-process";

/** Fields of a Deployment and the JSON type its schema wants there. */
const FIELDS: [(string | number)[], "integer" | "object" | "array" | "string"][] = [
    [["spec", "replicas"], "integer"],
    [["spec", "selector"], "object"],
    [["spec", "template", "spec"], "object"],
    [["spec", "template", "spec", "containers"], "array"],
    [["spec", "template", "spec", "containers", 0, "ports"], "array"],
    [["spec", "template", "spec", "containers", 0, "image"], "string"],
    [["metadata", "labels"], "object"],
];

const WRONG: Record<string, fc.Arbitrary<unknown>> = {
    integer: fc.oneof(
        fc.constant("three"),
        fc.array(fc.integer(), { maxLength: 2 }),
        fc.constant({ a: 1 }),
    ),
    object: fc.oneof(fc.array(fc.string(), { maxLength: 2 }), fc.constant("map"), fc.integer()),
    array: fc.oneof(fc.constant({ name: "app" }), fc.constant("list"), fc.integer()),
    string: fc.oneof(fc.integer(), fc.constant(["a"]), fc.constant({ a: "b" })),
};

function deployment(): Record<string, unknown> {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "gen", namespace: "shop", labels: { app: "gen" } },
        spec: {
            replicas: 2,
            selector: { matchLabels: { app: "gen" } },
            template: {
                metadata: { labels: { app: "gen" } },
                spec: {
                    containers: [
                        {
                            name: "app",
                            image: "registry.example.com/app:1.0.0",
                            ports: [{ containerPort: 8080 }],
                        },
                    ],
                },
            },
        },
    };
}

function setIn(o: Record<string, unknown>, p: (string | number)[], value: unknown): void {
    let node: Record<string | number, unknown> = o;
    for (const key of p.slice(0, -1)) {
        node = node[key] as Record<string | number, unknown>;
    }
    node[p[p.length - 1]] = value;
}

describe("checker: generated malformed objects", function () {
    this.timeout(120_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "malformed-"));

    it("reports a schema finding at the broken field, and no JavaScript error", async () => {
        const field = fc
            .constantFrom(...FIELDS)
            .chain(([p, type]) => WRONG[type].map((value) => ({ p, value })));
        await fc.assert(
            fc.asyncProperty(field, async ({ p, value }) => {
                const object = deployment();
                setIn(object, p, value);
                fs.writeFileSync(path.join(dir, "gen.yaml"), stringify(object));
                const run = await runChecker(
                    ["--config", "production", "--format", "json", "gen.yaml"],
                    dir,
                );
                assert.doesNotMatch(run.out + run.err, /TypeError|ReferenceError|\n\s+at /);
                const doc = JSON.parse(run.out) as PolicyCheckReport;
                assert.strictEqual(run.code, 1);
                const schema = doc.results[0].violations.filter(
                    (v) => v.policy === "manifest-schema",
                );
                const pointer = `data/${p.join("/")} `;
                assert.ok(
                    schema.some((v) => v.message.includes(pointer) && v.line > 1),
                    `a manifest-schema finding for ${pointer}: ${JSON.stringify(schema)}`,
                );
            }),
            { numRuns: 40 },
        );
    });
});
