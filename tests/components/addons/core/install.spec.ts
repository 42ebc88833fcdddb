import * as assert from "assert";

import type {
    Addon,
    AddonContext,
    AddonInstall,
} from "../../../../components/addons/core/contract";
import { AddonFacts, installAddons } from "../../../../components/addons/core/install";

/** The facts are passed through untouched; these tests never read them. */
const FACTS = {} as AddonFacts;

/** A resource-free add-on that records what its context told it. */
function fake(
    name: string,
    dependsOn: string[],
    body: (context: AddonContext) => AddonInstall<string> = () => ({ ready: [], outputs: name }),
): Addon<{ enabled: boolean }, string> {
    return { name, dependsOn, enabled: (s) => s.enabled, install: (context) => body(context) };
}

describe("add-on installer", () => {
    it("gives an add-on its dependency's outputs, and undefined when that dependency is off", () => {
        const on = fake("on", []);
        const off = fake("off", []);
        const seen: (string | undefined)[] = [];
        const reader = fake("reader", ["on", "off"], (context) => {
            seen.push(context.installed(on)?.outputs, context.installed(off)?.outputs);
            return { ready: [] };
        });
        const settings = new Map([
            ["on", { enabled: true }],
            ["off", { enabled: false }],
            ["reader", { enabled: true }],
        ]);
        installAddons([on, off, reader], FACTS, (n) => settings.get(n));
        assert.deepStrictEqual(seen, ["on", undefined]);
    });

    it("refuses to read an add-on that is not in dependsOn", () => {
        const other = fake("other", []);
        const reader = fake("reader", [], (context) => {
            context.installed(other);
            return { ready: [] };
        });
        assert.throws(() => installAddons([other, reader], FACTS, () => ({ enabled: true })), {
            message: 'add-on "reader" reads "other", which is not in its dependsOn (none)',
        });
    });

    it("answers isEnabled and settingsOf for any registered add-on, and refuses unknown names", () => {
        const later = fake("later", []);
        const answers: unknown[] = [];
        const first = fake("first", [], (context) => {
            answers.push(context.isEnabled("later"), context.settingsOf(later));
            return { ready: [] };
        });
        const settings = new Map([
            ["first", { enabled: true }],
            ["later", { enabled: false }],
        ]);
        installAddons([first, later], FACTS, (n) => settings.get(n));
        assert.deepStrictEqual(answers, [false, { enabled: false }]);

        const asker = fake("asker", [], (context) => {
            context.isEnabled("certManager");
            return { ready: [] };
        });
        assert.throws(() => installAddons([asker], FACTS, () => ({ enabled: true })), {
            message: 'add-on "asker" asked about "certManager", which is not registered',
        });
    });
});
