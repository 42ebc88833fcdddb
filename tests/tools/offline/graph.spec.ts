/**
 * The component graph (tools/offline/graph.ts): components as nodes with the resources collapsed into
 * them, containment and transitively reduced dependency edges, in Mermaid and dot.
 */
import * as assert from "assert";

import { componentGraph, GraphResource, renderGraph } from "../../../tools/offline/graph";

const P = "urn:pulumi:dev::proj::";
const res = (
    path: string,
    name: string,
    parent?: string,
    dependencies: string[] = [],
): GraphResource => {
    const type = path.split("$").pop()!;
    return {
        urn: `${P}${path}::${name}`,
        type,
        name,
        parent: parent && `${P}${parent}`,
        dependencies: [
            ...(parent ? [`${P}${parent}`] : []),
            ...dependencies.map((d) => `${P}${d}`),
        ],
    };
};

/** A cluster with a provider, an add-on set that waits for it, and an app that waits for both. */
const fixture: GraphResource[] = [
    res("pulumi:providers:aws", "default"),
    res("p:c:Cluster", "main"),
    res("p:c:Cluster$aws:eks/cluster:Cluster", "main-eks", "p:c:Cluster::main"),
    res("p:c:Cluster$aws:iam/role:Role", "main-role", "p:c:Cluster::main"),
    res("p:a:Addons", "addons", undefined, ["p:c:Cluster$aws:eks/cluster:Cluster::main-eks"]),
    res("p:a:Addons$k:Chart", "istio", "p:a:Addons::addons"),
    res("p:s:App", "web", undefined, ["p:c:Cluster::main"]),
    res("p:s:App$p:s:Part", "web-part", "p:s:App::web"),
    res("p:s:App$p:s:Part$k:Deployment", "web", "p:s:App$p:s:Part::web-part", [
        "p:a:Addons$k:Chart::istio",
        "p:s:App$p:s:Part::web-part",
    ]),
];

describe("componentGraph / renderGraph", () => {
    it("prints the exact Mermaid graph: collapsed counts, containment, reduced dependencies", () => {
        assert.strictEqual(
            renderGraph(componentGraph("proj-dev", fixture), "mermaid"),
            [
                "flowchart LR",
                '    n0["pulumi:pulumi:Stack<br/>proj-dev (1)"]',
                '    n1["p:c:Cluster<br/>main (2)"]',
                '    n2["p:a:Addons<br/>addons (1)"]',
                '    n3["p:s:App<br/>web"]',
                '    n4["p:s:Part<br/>web-part (1)"]',
                "    n0 --> n1",
                "    n0 --> n2",
                "    n0 --> n3",
                "    n3 --> n4",
                "    n2 -.-> n1",
                "    n3 -.-> n1",
                "    n4 -.-> n2",
            ].join("\n"),
        );
    });

    it("drops a dependency the others imply (web -> Cluster through Addons)", () => {
        assert.deepStrictEqual(componentGraph("proj-dev", fixture).dependsOn, [
            ["n2", "n1"],
            ["n3", "n1"],
            ["n4", "n2"],
        ]);
        const graph = componentGraph("proj-dev", [
            ...fixture,
            res("p:s:App$k:Service", "web-svc", "p:s:App::web", ["p:a:Addons::addons"]),
        ]);
        assert.deepStrictEqual(graph.dependsOn, [
            ["n2", "n1"],
            ["n3", "n2"],
            ["n4", "n2"],
        ]);
    });

    it("prints the same graph as Graphviz dot", () => {
        assert.strictEqual(
            renderGraph(componentGraph("proj-dev", fixture), "dot"),
            [
                "digraph components {",
                "    rankdir=LR;",
                "    node [shape=box];",
                '    n0 [label="pulumi:pulumi:Stack\\nproj-dev (1)"];',
                '    n1 [label="p:c:Cluster\\nmain (2)"];',
                '    n2 [label="p:a:Addons\\naddons (1)"];',
                '    n3 [label="p:s:App\\nweb"];',
                '    n4 [label="p:s:Part\\nweb-part (1)"];',
                "    n0 -> n1;",
                "    n0 -> n2;",
                "    n0 -> n3;",
                "    n3 -> n4;",
                "    n2 -> n1 [style=dashed];",
                "    n3 -> n1 [style=dashed];",
                "    n4 -> n2 [style=dashed];",
                "}",
            ].join("\n"),
        );
    });
});
