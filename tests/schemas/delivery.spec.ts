/**
 * The `services.<name>.delivery` key: what it accepts, its defaults, and the exact message of every
 * refusal (weights that do not rise to 100, a header route without a canary, analysis thresholds out
 * of range, delivery while Prometheus or Argo Rollouts is off, canary weights set twice).
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { PAUSE_RULE } from "../../lib/argo-rollouts/duration";
import { field } from "../../lib/kubernetes";
import { at, listAt, Plain } from "../helpers/edit";
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
function withCanary(c: Plain): Plain {
    at(c, "services", "inventory").delivery = canary();
    const meshInventory = field(at(c, "mesh"), "services", "inventory");
    if (meshInventory !== undefined) {
        delete at(meshInventory).canary;
    }
    return c;
}

const cases: ConfigCase[] = [
    {
        name: "canary weights that fall back",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery", "steps", 2).setWeight = 5;
        },
        message: `${P}:services.inventory.delivery.steps must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100, got [10,5,100]`,
    },
    {
        name: "canary weights that stop short of 100",
        mutate: (c) => {
            listAt(withCanary(c), "services", "inventory", "delivery", "steps").pop();
        },
        message: `${P}:services.inventory.delivery.steps must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100, got [10,50]`,
    },
    {
        name: "canary steps that only pause",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery").steps = [{ pause: {} }];
        },
        message: `${P}:services.inventory.delivery.steps must raise the canary's weight step by step to 100: each setWeight above the one before, the last one 100, got []`,
    },
    {
        name: "a weight above 100",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery", "steps", 4).setWeight = 120;
        },
        message: `${P}:services.inventory.delivery.steps[4].setWeight must be <= 100, got 120`,
    },
    {
        name: "a step that both sets a weight and pauses",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery", "steps", 0).pause = {};
        },
        message: `${P}:services.inventory.delivery.steps[0] must set exactly one of setWeight and pause, got {"setWeight":10,"pause":{}}`,
    },
    {
        name: "a header route without a canary (blue-green)",
        mutate: (c) => {
            const d = at(withCanary(c), "services", "inventory", "delivery");
            d.strategy = "blueGreen";
            delete d.steps;
        },
        message: `${P}:services.inventory.delivery.headerRoute must be unset with strategy blueGreen: a header route sends requests to the canary subset, and only strategy canary runs a canary, got {"name":"version","exact":"v2"}`,
    },
    {
        name: "a success-rate threshold above 1",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery").analysis = { successRate: 1.5 };
        },
        message: `${P}:services.inventory.delivery.analysis.successRate must be <= 1, got 1.5`,
    },
    {
        name: "a success-rate threshold of 0",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery").analysis = { successRate: 0 };
        },
        message: `${P}:services.inventory.delivery.analysis.successRate must be > 0, got 0`,
    },
    {
        name: "a p99 latency threshold of 0 ms",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery").analysis = { latencyP99Ms: 0 };
        },
        message: `${P}:services.inventory.delivery.analysis.latencyP99Ms must be >= 1, got 0`,
    },
    {
        name: "a failure limit above 10",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery").analysis = { failureLimit: 11 };
        },
        message: `${P}:services.inventory.delivery.analysis.failureLimit must be <= 10, got 11`,
    },
    {
        name: "delivery while Argo Rollouts is off",
        mutate: (c) => {
            at(withCanary(c), "addons", "argoRollouts").enabled = false;
        },
        message: `${P}:services.inventory.delivery.strategy needs addons.argoRollouts.enabled: true (Argo Rollouts runs the service's Rollout); enable the add-on or remove delivery, got "canary"`,
    },
    {
        name: "canary weights in the mesh config as well",
        mutate: (c) => {
            at(withCanary(c), "mesh", "services", "inventory").canary = { weight: 10 };
        },
        message: `${P}:mesh.services.inventory.canary must be unset while services.inventory.delivery is declared (Argo Rollouts sets the canary weight and header route), got {"weight":10}`,
    },
    {
        name: "a pause in days (Go durations have no d unit)",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery", "steps", 1).pause = {
                duration: "1d",
            };
        },
        message: `${P}:services.inventory.delivery.steps[1].pause.duration must be ${PAUSE_RULE}, got "1d"`,
    },
    {
        name: "a sub-second pause (Argo Rollouts counts whole seconds)",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery", "steps", 1).pause = {
                duration: "500ms",
            };
        },
        message: `${P}:services.inventory.delivery.steps[1].pause.duration must be at least 1s: Argo Rollouts counts whole seconds, so this pause would not wait at all (omit duration to pause until promoted), got "500ms"`,
    },
    {
        name: "a negative pause in seconds",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery", "steps", 3).pause = {
                duration: -30,
            };
        },
        message: `${P}:services.inventory.delivery.steps[3].pause.duration must not be negative (Argo Rollouts refuses the Rollout: "Duration needs to be greater than 0"); use ${PAUSE_RULE}, got -30`,
    },
    {
        name: "an analysis interval with a space",
        mutate: (c) => {
            at(withCanary(c), "services", "inventory", "delivery").analysis = { interval: "1 m" };
        },
        message: `${P}:services.inventory.delivery.analysis.interval must be a duration Argo Rollouts reads (Go time.ParseDuration: numbers with units h, m, s, ms, us (or µs), ns, like 30s, 1m or 1m30s; Go reports: unknown unit in duration), got "1 m"`,
    },
];

describe("config: services.<name>.delivery", () => {
    configCases(cases);

    it("refuses delivery while Prometheus is off, naming the key", () => {
        const raw = withCanary(rawStack("staging"));
        at(raw, "addons", "monitoring").enabled = false;
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

    it("accepts pauses and intervals as Argo Rollouts reads them: integer seconds, Go durations", () => {
        const raw = withCanary(rawStack("staging"));
        const delivery = at(raw, "services", "inventory", "delivery");
        at(delivery, "steps", 1).pause = { duration: 300 };
        at(delivery, "steps", 3).pause = { duration: "1h30m" };
        delivery.analysis = { interval: "1m30s" };
        const config = parsePlatformConfig(raw, stackContext("staging"));
        assert.deepStrictEqual(
            [
                config.services.inventory.delivery?.steps?.[1],
                config.services.inventory.delivery?.steps?.[3],
                config.services.inventory.delivery?.analysis.interval,
            ],
            [{ pause: { duration: 300 } }, { pause: { duration: "1h30m" } }, "1m30s"],
        );
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
