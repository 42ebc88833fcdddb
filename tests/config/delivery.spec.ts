/**
 * The `services.<name>.delivery` key: what it accepts, its defaults, and the exact message of every
 * refusal (weights that do not rise to 100, a header route without a canary, analysis thresholds out
 * of range, delivery while Prometheus or Argo Rollouts is off, canary weights set twice).
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";

/** The seed's canary of inventory: 10% then 50% then 100%, header route `version: v2`. */
function canary() {
    return {
        strategy: "canary",
        steps: [
            { setWeight: 10 },
            { pause: { duration: "5m" } },
            { setWeight: 50 },
            { pause: { duration: "10m" } },
            { setWeight: 100 },
        ],
        headerRoute: { name: "version", exact: "v2" },
    };
}

/** Staging with the seed's canary on inventory, before a mutation. */
function withCanary(c: Record<string, any>): Record<string, any> {
    c.services.inventory.delivery = canary();
    delete c.mesh.services?.inventory?.canary;
    return c;
}

const cases: ConfigCase[] = [
    {
        name: "canary weights that fall back",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.steps[2].setWeight = 5;
        },
        message: `${P}:services.inventory.delivery.steps must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100, got [10,5,100]`,
    },
    {
        name: "canary weights that stop short of 100",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.steps.pop();
        },
        message: `${P}:services.inventory.delivery.steps must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100, got [10,50]`,
    },
    {
        name: "canary steps that only pause",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.steps = [{ pause: {} }];
        },
        message: `${P}:services.inventory.delivery.steps must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100, got []`,
    },
    {
        name: "a weight above 100",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.steps[4].setWeight = 120;
        },
        message: `${P}:services.inventory.delivery.steps[4].setWeight must be <= 100, got 120`,
    },
    {
        name: "a step that both sets a weight and pauses",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.steps[0].pause = {};
        },
        message: `${P}:services.inventory.delivery.steps[0] must set exactly one of setWeight and pause, got {"setWeight":10,"pause":{}}`,
    },
    {
        name: "a header route without a canary (blue-green)",
        mutate: (c) => {
            const d = withCanary(c).services.inventory.delivery;
            d.strategy = "blueGreen";
            delete d.steps;
        },
        message: `${P}:services.inventory.delivery.headerRoute must be unset with strategy blueGreen: a header route sends requests to the canary subset, and only strategy canary runs a canary, got {"name":"version","exact":"v2"}`,
    },
    {
        name: "a success-rate threshold above 1",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.analysis = { successRate: 1.5 };
        },
        message: `${P}:services.inventory.delivery.analysis.successRate must be <= 1, got 1.5`,
    },
    {
        name: "a success-rate threshold of 0",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.analysis = { successRate: 0 };
        },
        message: `${P}:services.inventory.delivery.analysis.successRate must be > 0, got 0`,
    },
    {
        name: "a p99 latency threshold of 0 ms",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.analysis = { latencyP99Ms: 0 };
        },
        message: `${P}:services.inventory.delivery.analysis.latencyP99Ms must be >= 1, got 0`,
    },
    {
        name: "a failure limit above 10",
        mutate: (c) => {
            withCanary(c).services.inventory.delivery.analysis = { failureLimit: 11 };
        },
        message: `${P}:services.inventory.delivery.analysis.failureLimit must be <= 10, got 11`,
    },
    {
        name: "delivery while Argo Rollouts is off",
        mutate: (c) => {
            withCanary(c).addons.argoRollouts.enabled = false;
        },
        message: `${P}:services.inventory.delivery.strategy needs addons.argoRollouts.enabled: true (Argo Rollouts runs the service's Rollout); enable the add-on or remove delivery, got "canary"`,
    },
    {
        name: "canary weights in the mesh config as well",
        mutate: (c) => {
            withCanary(c).mesh.services.inventory.canary = { weight: 10 };
        },
        message: `${P}:mesh.services.inventory.canary must be unset while services.inventory.delivery is declared (Argo Rollouts sets the canary weight and header route), got {"weight":10}`,
    },
];

describe("config: services.<name>.delivery", () => {
    configCases(cases);

    it("refuses delivery while Prometheus is off, naming the key", () => {
        const raw = withCanary(rawStack("staging"));
        raw.addons.monitoring.enabled = false;
        assert.throws(
            () => parsePlatformConfig(raw, stackContext("staging")),
            (e: Error) =>
                e.message
                    .split("\n")
                    .some(
                        (line) =>
                            line.trim() ===
                            `${P}:services.inventory.delivery.strategy needs addons.monitoring.enabled: true (the analysis queries Prometheus for the canary's success rate and p99 latency); enable monitoring or remove delivery, got "canary"`,
                    ),
        );
    });

    it("accepts the seed's canary and fills the analysis defaults", () => {
        const config = parsePlatformConfig(
            withCanary(rawStack("staging")),
            stackContext("staging"),
        );
        assert.deepStrictEqual(config.services.inventory.delivery, {
            ...canary(),
            analysis: { successRate: 0.99, latencyP99Ms: 500, interval: "1m", failureLimit: 1 },
        });
    });

    it("accepts blue-green without steps or a header route", () => {
        const raw = rawStack("staging");
        at(raw, "services", "order").delivery = {
            strategy: "blueGreen",
            autoPromotionSeconds: 600,
        };
        const config = parsePlatformConfig(raw, stackContext("staging"));
        assert.strictEqual(config.services.order.delivery?.strategy, "blueGreen");
        assert.strictEqual(config.services.order.delivery?.autoPromotionSeconds, 600);
    });
});
