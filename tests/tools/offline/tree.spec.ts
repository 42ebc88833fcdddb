/**
 * The compact tree (tools/offline/tree.ts): same-type components folded into one line, expanded where
 * a policy is violated; every resource with `details`.
 */
import * as assert from "assert";

import { resourceTree, TreeResource } from "../../../tools/offline/tree";

const P = "urn:pulumi:staging::proj::";
const node = (type: string, name: string, parent?: TreeResource): TreeResource => ({
    urn: `${P}${parent ? `${parent.type}$` : ""}${type}::${name}`,
    type,
    name,
    parent: parent?.urn,
});
const apps = ["a", "b", "c"].map((n) => node("p:apps:Service", n));
const resources = [
    ...apps,
    ...apps.flatMap((a) => [
        node("kubernetes:apps/v1:Deployment", a.name, a),
        node("kubernetes:core/v1:Service", `${a.name}-svc`, a),
    ]),
    node("pulumi:providers:aws", "default"),
];

describe("resourceTree", () => {
    it("folds same-type components into one line and expands the one with a violation", () => {
        const violated = resources.find((r) => r.name === "b-svc")!;
        assert.deepStrictEqual(
            resourceTree("proj-staging", resources, {
                violations: [
                    {
                        policy: "workloads-require-probes",
                        enforcementLevel: "advisory",
                        urn: violated.urn,
                        message: "no probe",
                    },
                ],
            }),
            [
                "+ pulumi:pulumi:Stack  proj-staging  (10 resources)",
                "   + p:apps:Service x2  a, c  (4 resources)",
                "   + p:apps:Service  b  (2 resources)",
                "      + kubernetes:core/v1:Service  b-svc  advisory [workloads-require-probes]",
            ],
        );
    });

    it("prints every resource with details", () => {
        assert.strictEqual(
            resourceTree("proj-staging", resources, { violations: [], details: true }).length,
            resources.length + 1,
        );
    });
});
