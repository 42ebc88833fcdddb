/**
 * The component graph of a preview (`--graph mermaid|dot`), from URNs, parents and dependencies.
 *
 * Nodes are the stack and every resource that has children (the components). Every other resource
 * (custom resources: AWS, Kubernetes, providers, and the remote components whose children the mocks
 * never see) is collapsed into its parent's node, which shows how many it holds. Solid edges are
 * parent -> child between components; a dashed edge A -.-> B says something in A (the component or a
 * resource collapsed into it) depends on something in B, other than A's own ancestors (every resource
 * waits for its parent; those edges would only repeat the tree).
 */

/** The parts of a resource the graph reads. */
export interface GraphResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly parent?: string;
    readonly dependencies: readonly string[];
}

/** Output formats of {@link renderGraph}. */
export type GraphFormat = "mermaid" | "dot";

/** A node of the component graph. */
export interface GraphNode {
    readonly id: string;
    readonly type: string;
    readonly name: string;
    /** Resources collapsed into this node. */
    readonly collapsed: number;
}

/** The component graph. */
export interface ComponentGraph {
    readonly nodes: GraphNode[];
    /** Parent -> child component. */
    readonly contains: [string, string][];
    /** Depender -> dependency. */
    readonly dependsOn: [string, string][];
}

const STACK = "";

/** Builds the component graph of `resources`; the stack is node `n0`, components follow in order. */
export function componentGraph(stack: string, resources: readonly GraphResource[]): ComponentGraph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const parentOf = (r: GraphResource) => (r.parent && byUrn.has(r.parent) ? r.parent : STACK);
    const hasChildren = new Set(resources.map(parentOf));
    const components = resources.filter((r) => hasChildren.has(r.urn));
    const ids = new Map<string, string>([[STACK, "n0"]]);
    components.forEach((c, i) => ids.set(c.urn, `n${i + 1}`));
    const collapsed = new Map<string, number>();
    const owner = (urn: string): string => {
        const r = byUrn.get(urn);
        if (!r) {
            return STACK;
        }
        return hasChildren.has(urn) ? urn : parentOf(r);
    };
    for (const r of resources) {
        if (!hasChildren.has(r.urn)) {
            collapsed.set(parentOf(r), (collapsed.get(parentOf(r)) ?? 0) + 1);
        }
    }
    const ancestors = (urn: string): Set<string> => {
        const seen = new Set<string>([STACK]);
        let at = byUrn.get(urn);
        while (at && parentOf(at) !== STACK) {
            seen.add(parentOf(at));
            at = byUrn.get(parentOf(at));
        }
        return seen;
    };
    const contains: [string, string][] = components.map((c) => [
        ids.get(parentOf(c))!,
        ids.get(c.urn)!,
    ]);
    const edges = new Set<string>();
    const dependsOn: [string, string][] = [];
    for (const r of resources) {
        const from = owner(r.urn);
        const skip = ancestors(from);
        skip.add(from);
        for (const d of r.dependencies) {
            const to = owner(d);
            const key = `${from}\0${to}`;
            if (!skip.has(to) && !ancestors(to).has(from) && !edges.has(key)) {
                edges.add(key);
                dependsOn.push([ids.get(from)!, ids.get(to)!]);
            }
        }
    }
    // Transitive reduction: drop a -> b when b is reachable from a without that edge.
    const next = new Map<string, string[]>();
    for (const [a, b] of dependsOn) {
        next.set(a, [...(next.get(a) ?? []), b]);
    }
    const reachable = (from: string, to: string, skipEdge: [string, string]): boolean => {
        const seen = new Set<string>();
        const stack = [from];
        while (stack.length > 0) {
            const at = stack.pop()!;
            for (const n of next.get(at) ?? []) {
                if ((at === skipEdge[0] && n === skipEdge[1]) || seen.has(n)) {
                    continue;
                }
                if (n === to) {
                    return true;
                }
                seen.add(n);
                stack.push(n);
            }
        }
        return false;
    };
    const reduced = dependsOn.filter((e) => !reachable(e[0], e[1], e));
    const byId = (a: [string, string], b: [string, string]) =>
        Number(a[0].slice(1)) - Number(b[0].slice(1)) ||
        Number(a[1].slice(1)) - Number(b[1].slice(1));
    return {
        nodes: [
            {
                id: "n0",
                type: "pulumi:pulumi:Stack",
                name: stack,
                collapsed: collapsed.get(STACK) ?? 0,
            },
            ...components.map((c) => ({
                id: ids.get(c.urn)!,
                type: c.type,
                name: c.name,
                collapsed: collapsed.get(c.urn) ?? 0,
            })),
        ],
        contains,
        dependsOn: reduced.sort(byId),
    };
}

const label = (n: GraphNode) => [n.type, n.collapsed ? `${n.name} (${n.collapsed})` : n.name];

/** The graph as Mermaid flowchart source or Graphviz dot. */
export function renderGraph(graph: ComponentGraph, format: GraphFormat): string {
    if (format === "mermaid") {
        return [
            "flowchart LR",
            ...graph.nodes.map((n) => `    ${n.id}["${label(n).join("<br/>")}"]`),
            ...graph.contains.map(([a, b]) => `    ${a} --> ${b}`),
            ...graph.dependsOn.map(([a, b]) => `    ${a} -.-> ${b}`),
        ].join("\n");
    }
    return [
        "digraph components {",
        "    rankdir=LR;",
        "    node [shape=box];",
        ...graph.nodes.map((n) => `    ${n.id} [label=${JSON.stringify(label(n).join("\n"))}];`),
        ...graph.contains.map(([a, b]) => `    ${a} -> ${b};`),
        ...graph.dependsOn.map(([a, b]) => `    ${a} -> ${b} [style=dashed];`),
        "}",
    ].join("\n");
}
