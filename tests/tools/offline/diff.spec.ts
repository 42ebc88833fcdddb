/**
 * What changed between two previews (tools/offline/diff.ts) and how the tree prints it
 * (tools/offline/tree.ts): nested property paths, added/removed resources, and secrets that never
 * appear on either side.
 */
import * as assert from "assert";

import { diffPreviews, diffValues, DiffableResource } from "../../../tools/offline/diff";
import { propertyLine, resourceTree } from "../../../tools/offline/tree";

const P = "urn:pulumi:staging::proj::";
const r = (type: string, name: string, inputs: Record<string, unknown>): DiffableResource => ({
    urn: `${P}${type}::${name}`,
    type,
    name,
    inputs,
});

describe("diffValues", () => {
    it("names nested paths the way pulumi preview --diff does", () => {
        assert.deepStrictEqual(
            diffValues(
                {
                    metadata: { labels: { "app.kubernetes.io/version": "v1", app: "web" } },
                    spec: { replicas: 2, containers: [{ image: "web:v1" }, { image: "proxy" }] },
                },
                {
                    metadata: { labels: { "app.kubernetes.io/version": "v2", app: "web" } },
                    spec: { replicas: 3, containers: [{ image: "web:v2" }], paused: true },
                },
            ),
            [
                {
                    path: 'metadata.labels["app.kubernetes.io/version"]',
                    kind: "update",
                    old: "v1",
                    new: "v2",
                },
                { path: "spec.replicas", kind: "update", old: 2, new: 3 },
                { path: "spec.containers[0].image", kind: "update", old: "web:v1", new: "web:v2" },
                { path: "spec.containers[1]", kind: "delete", old: { image: "proxy" } },
                { path: "spec.paused", kind: "add", new: true },
            ],
        );
    });

    it("shows neither side of a value that is secret on either side", () => {
        const diffs = diffValues(
            { password: "hunter2", token: "[secret]", nested: { key: "plain-before" } },
            { password: "[secret]", token: "new-plain", nested: "[secret]" },
        );
        assert.deepStrictEqual(diffs, [
            { path: "password", kind: "update", secret: true },
            { path: "token", kind: "update", secret: true },
            { path: "nested", kind: "update", secret: true },
        ]);
        const printed = diffs.map(propertyLine).join("\n");
        assert.strictEqual(
            printed,
            [
                "~ password: [secret] => [secret]",
                "~ token: [secret] => [secret]",
                "~ nested: [secret] => [secret]",
            ].join("\n"),
        );
        assert.doesNotMatch(printed, /hunter2|new-plain|plain-before/);
    });
});

describe("diffPreviews", () => {
    const base = [
        r("aws:s3/bucket:Bucket", "logs", { acl: "private" }),
        r("kubernetes:core/v1:Secret", "db", {
            stringData: { password: "old-pw" },
            type: "Opaque",
        }),
        r("kubernetes:core/v1:ConfigMap", "cfg", { data: { LOG_LEVEL: "DEBUG" } }),
    ];

    it("finds added, changed and removed resources, and hides a Kubernetes Secret's values", () => {
        const diff = diffPreviews(
            { stack: "staging", resources: base, outputs: { url: "a", kubeconfig: "[secret]" } },
            {
                stack: "staging",
                resources: [
                    r("kubernetes:core/v1:Secret", "db", {
                        stringData: { password: "new-pw", user: "app" },
                        type: "Opaque",
                    }),
                    base[2],
                    r("aws:sqs/queue:Queue", "jobs", { fifo: false }),
                ],
                outputs: { url: "b", kubeconfig: "[secret]" },
            },
        );
        assert.deepStrictEqual(
            [diff.added.map((a) => a.name), diff.removed.map((a) => a.name), diff.unchanged],
            [["jobs"], ["logs"], 1],
        );
        assert.deepStrictEqual(
            diff.changed.map((c) => [c.resource.name, c.diffs]),
            [
                [
                    "db",
                    [
                        { path: "stringData.password", kind: "update", secret: true },
                        { path: "stringData.user", kind: "add", secret: true },
                    ],
                ],
            ],
        );
        assert.deepStrictEqual(diff.outputs, [{ path: "url", kind: "update", old: "a", new: "b" }]);

        const tree = resourceTree("proj-staging", [...base.slice(1), diff.added[0]], {
            diff,
            violations: [],
        }).join("\n");
        assert.strictEqual(
            tree,
            [
                "  pulumi:pulumi:Stack  proj-staging  (3 resources)",
                "   ~ kubernetes:core/v1:Secret  db",
                "        ~ stringData.password: [secret] => [secret]",
                "        + stringData.user: [secret]",
                "   + aws:sqs/queue:Queue  jobs",
                "   - aws:s3/bucket:Bucket  logs",
            ].join("\n"),
        );
        assert.doesNotMatch(tree, /old-pw|new-pw|"app"/);
    });

    it("compares no outputs with a baseline that recorded none", () => {
        const diff = diffPreviews(
            { stack: "staging", resources: base },
            { stack: "staging", resources: base, outputs: { url: "b" } },
        );
        assert.deepStrictEqual([diff.outputs, diff.changed, diff.unchanged], [[], [], 3]);
    });
});
