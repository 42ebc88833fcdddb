/**
 * Installs add-ons in the order given, each with its own view of the shared context: it reads the
 * results of the add-ons it declares in `dependsOn`, and only those.
 */
import type { Addon, AddonContext, AddonInstall } from "./contract";

/** The shared facts of the context (everything but the per-add-on lookups). */
export type AddonFacts = Omit<AddonContext, "isEnabled" | "settingsOf" | "installed">;

/** An add-on of any settings and outputs, as the installer handles it. */
type AnyAddon = Addon<never, unknown>;

/**
 * Installs `ordered` (already in dependency order) with the settings `settingsOf` gives each name.
 * Returns every add-on's {@link AddonInstall} by name.
 */
export function installAddons(
    ordered: readonly AnyAddon[],
    facts: AddonFacts,
    settingsOf: (name: string) => unknown,
): ReadonlyMap<string, AddonInstall<unknown>> {
    const run = (addon: AnyAddon) =>
        addon as unknown as {
            enabled(settings: unknown): boolean;
            install(context: AddonContext, settings: unknown): AddonInstall<unknown>;
        };
    const enabled = new Map(ordered.map((a) => [a.name, run(a).enabled(settingsOf(a.name))]));
    const results = new Map<string, AddonInstall<unknown>>();
    const known = (name: string, by: string): void => {
        if (!enabled.has(name)) {
            throw new Error(`add-on "${by}" asked about "${name}", which is not registered`);
        }
    };
    for (const addon of ordered) {
        const context: AddonContext = {
            ...facts,
            isEnabled: (name) => {
                known(name, addon.name);
                return enabled.get(name)!;
            },
            settingsOf: <S>(other: Addon<S, unknown>): S => {
                known(other.name, addon.name);
                return settingsOf(other.name) as S;
            },
            installed: <O>(dep: Addon<never, O>): AddonInstall<O> | undefined => {
                if (!addon.dependsOn.includes(dep.name)) {
                    throw new Error(
                        `add-on "${addon.name}" reads "${dep.name}", which is not in its dependsOn (${addon.dependsOn.join(", ") || "none"})`,
                    );
                }
                return enabled.get(dep.name)
                    ? (results.get(dep.name) as AddonInstall<O> | undefined)
                    : undefined;
            },
        };
        results.set(addon.name, run(addon).install(context, settingsOf(addon.name)));
    }
    return results;
}
