/**
 * The order add-ons install in: each after the add-ons it depends on (a topological sort that keeps
 * the registry's order wherever the dependencies allow). Pure, so the errors are testable.
 */

/** What the sort reads of an add-on. */
export interface Dependent {
    readonly name: string;
    readonly dependsOn: readonly string[];
}

/**
 * The add-ons in install order. Throws, naming the add-ons, on a repeated name, a dependency on an
 * add-on that is not registered, or a dependency cycle.
 */
export function installOrder<A extends Dependent>(addons: readonly A[]): A[] {
    const byName = new Map<string, A>();
    for (const addon of addons) {
        if (byName.has(addon.name)) {
            throw new Error(`add-on registry: "${addon.name}" is registered twice`);
        }
        byName.set(addon.name, addon);
    }
    for (const addon of addons) {
        for (const dep of addon.dependsOn) {
            if (!byName.has(dep)) {
                throw new Error(
                    `add-on registry: "${addon.name}" depends on "${dep}", which is not registered (registered: ${[...byName.keys()].join(", ")})`,
                );
            }
        }
    }
    const order: A[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (addon: A, path: readonly string[]): void => {
        const seen = state.get(addon.name);
        if (seen === "done") {
            return;
        }
        if (seen === "visiting") {
            const cycle = [...path.slice(path.indexOf(addon.name)), addon.name];
            throw new Error(`add-on registry: dependency cycle ${cycle.join(" -> ")}`);
        }
        state.set(addon.name, "visiting");
        for (const dep of addon.dependsOn) {
            visit(byName.get(dep)!, [...path, addon.name]);
        }
        state.set(addon.name, "done");
        order.push(addon);
    };
    for (const addon of addons) {
        visit(addon, []);
    }
    return order;
}
