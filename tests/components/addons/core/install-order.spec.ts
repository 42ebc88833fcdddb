import * as assert from "assert";

import { Dependent, installOrder } from "../../../../components/addons/core/install-order";

const a = (name: string, ...dependsOn: string[]): Dependent => ({ name, dependsOn });
const names = (addons: readonly Dependent[]) => addons.map((x) => x.name);

describe("add-on install order", () => {
    it("keeps the registry's order when nothing forces another", () => {
        assert.deepStrictEqual(names(installOrder([a("x"), a("y"), a("z")])), ["x", "y", "z"]);
    });

    it("installs each add-on after the ones it depends on", () => {
        const order = installOrder([
            a("gateway", "istio", "lbc"),
            a("lbc"),
            a("tracing", "istio"),
            a("istio"),
        ]);
        assert.deepStrictEqual(names(order), ["istio", "lbc", "gateway", "tracing"]);
    });

    it("fails on a dependency cycle, naming it", () => {
        assert.throws(() => installOrder([a("x", "y"), a("y", "z"), a("z", "x")]), {
            message: "add-on registry: dependency cycle x -> y -> z -> x",
        });
    });

    it("fails on an add-on that depends on itself", () => {
        assert.throws(() => installOrder([a("x", "x")]), {
            message: "add-on registry: dependency cycle x -> x",
        });
    });

    it("fails on a dependency that is not registered, naming both", () => {
        assert.throws(
            () => installOrder([a("monitoring", "externalSecret"), a("externalSecrets")]),
            {
                message:
                    'add-on registry: "monitoring" depends on "externalSecret", which is not registered (registered: monitoring, externalSecrets)',
            },
        );
    });

    it("fails on a name registered twice", () => {
        assert.throws(() => installOrder([a("istio"), a("istio")]), {
            message: 'add-on registry: "istio" is registered twice',
        });
    });
});
