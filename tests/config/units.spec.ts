/**
 * Principle 7, units and ranges come from the APIs: memory in whole bytes, CPU in millicores, limits
 * the kubelet enforces as written.
 */
import * as assert from "assert";
import fc from "fast-check";

import { at } from "../helpers/edit";
import { ConfigCase, configCases } from "../helpers/config";
import { cpuQuantity, memoryQuantity } from "../../schemas/quantities";

const P = "supply-chain-platform";
const INV = `${P}:services.inventory.resources`;
const MILLI =
    "must be a whole number of millicores, at least 1m (the kubelet counts CPU in thousandths of a core and rounds finer values)";
const MIN_MEMORY = "must be at least 1Mi (a number without a unit is bytes; write 256Mi or 1Gi)";

const ROUTE = `${P}:addons.monitoring.alertmanager.route`;
const route = (c: Record<string, unknown>) =>
    at(c, "addons", "monitoring", "alertmanager", "route");
const resources = (c: Record<string, unknown>, kind: "requests" | "limits") =>
    at(c, "services", "inventory", "resources", kind);

const cases: ConfigCase[] = [
    {
        name: "256m of memory (a quarter of a byte, not 256 MiB)",
        mutate: (c) => (resources(c, "limits").memory = "256m"),
        message: `${INV}.limits.memory must be a whole number of bytes: the m suffix divides by 1000 (for mebibytes write Mi, e.g. 256Mi), got "256m"`,
    },
    {
        name: "a memory request of 512 (bytes)",
        mutate: (c) => (resources(c, "requests").memory = "512"),
        message: `${INV}.requests.memory ${MIN_MEMORY}, got "512"`,
    },
    {
        name: "a memory request in fractional bytes",
        mutate: (c) => (resources(c, "requests").memory = "128.0000001Mi"),
        message: `${INV}.requests.memory must be a whole number of bytes, got "128.0000001Mi"`,
    },
    {
        name: "a CPU request finer than a millicore",
        mutate: (c) => (resources(c, "requests").cpu = "0.0005"),
        message: `${INV}.requests.cpu ${MILLI}, got "0.0005"`,
    },
    {
        name: "a CPU request in microcores",
        mutate: (c) => (resources(c, "requests").cpu = "1500u"),
        message: `${INV}.requests.cpu ${MILLI}, got "1500u"`,
    },
    {
        name: "a CPU limit below the smallest CFS quota",
        mutate: (c) => {
            resources(c, "requests").cpu = "5m";
            resources(c, "limits").cpu = "5m";
        },
        message: `${INV}.limits.cpu must be at least 10m (the kubelet's smallest CFS quota is 1 ms per 100 ms period; a lower limit is raised to 10m), got "5m"`,
    },
    {
        name: "a quantity with a space before its unit",
        mutate: (c) => (resources(c, "limits").memory = "256 Mi"),
        message: `${INV}.limits.memory must be a Kubernetes quantity like 500m, 1 or 256Mi, got "256 Mi"`,
    },
    {
        name: "a VPA bound in thousandths of a byte",
        mutate: (c) =>
            (at(c, "mlWorkloads", "ml-prediction", "vpa", "minAllowed").memory = "1000500m"),
        message: `${P}:mlWorkloads.ml-prediction.vpa.minAllowed.memory must be a whole number of bytes: the m suffix divides by 1000 (for mebibytes write Mi, e.g. 1000500Mi), got "1000500m"`,
    },
    {
        name: "a zero Alertmanager group interval",
        mutate: (c) => (route(c).groupInterval = "0"),
        message: `${ROUTE}.groupInterval must be longer than 0 (Alertmanager refuses a zero group_interval), got "0"`,
    },
    {
        name: "a fractional Prometheus duration",
        mutate: (c) => (route(c).repeatInterval = "1.5h"),
        message: `${ROUTE}.repeatInterval must be a Prometheus duration like 30s, 15d or 1h30m (whole numbers; units y, w, d, h, m, s, ms, largest first), got "1.5h"`,
    },
    {
        name: "group_by with ... and a label at once",
        mutate: (c) => (route(c).groupBy = ["...", "alertname"]),
        message: `${ROUTE}.groupBy must be ... alone or label names without ... (Alertmanager refuses both at once), got ["...","alertname"]`,
    },
    {
        name: "a matcher whose regular expression RE2 cannot compile",
        mutate: (c) =>
            (route(c).routes = [{ matchers: ['team=~"(?!web).*"'], receiver: "default" }]),
        message: `${ROUTE}.routes[0].matchers[0] must be Alertmanager matchers like severity="critical" or team=~"web|api" (regular expression "(?!web).*" is refused: lookahead and lookbehind are not RE2), got "team=~\\"(?!web).*\\""`,
    },
];

describe("config: quantities per resource (principle 7)", () => {
    configCases(cases);

    const ok = (schema: ReturnType<typeof cpuQuantity>, text: string) =>
        schema.safeParse(text).success;

    it("accepts memory in whole bytes of at least 1Mi in every notation", () => {
        const mib = fc.integer({ min: 1, max: 2 ** 20 });
        fc.assert(
            fc.property(
                mib,
                fc.constantFrom("request", "limit", "bound") as fc.Arbitrary<"request">,
                (n, use) => {
                    const m = memoryQuantity(use);
                    assert.ok(ok(m, `${n}Mi`), `${n}Mi`);
                    assert.ok(ok(m, `${n * 1024}Ki`), `${n * 1024}Ki`);
                    assert.ok(ok(m, `${n * 2 ** 20}`), `${n * 2 ** 20}`);
                    assert.ok(ok(m, `${n * 2 ** 20}000m`), `${n * 2 ** 20}000m`);
                    assert.ok(ok(m, `${n * 2 ** 20}e0`), `${n * 2 ** 20}e0`);
                },
            ),
        );
    });

    it("refuses memory that is not whole bytes or under 1Mi, whatever the notation", () => {
        fc.assert(
            fc.property(fc.integer({ min: 1, max: 10 ** 9 }), (n) => {
                const m = memoryQuantity("limit");
                assert.strictEqual(ok(m, `${n}m`), n % 1000 === 0 && n / 1000 >= 2 ** 20, `${n}m`);
                assert.strictEqual(ok(m, `${n}`), n >= 2 ** 20, `${n}`);
                assert.strictEqual(ok(m, `${n}k`), n * 1000 >= 2 ** 20, `${n}k`);
                assert.strictEqual(ok(m, `-${n}Mi`), false);
            }),
        );
    });

    it("accepts CPU in whole millicores and refuses finer values", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 10 ** 6 }),
                fc.integer({ min: 1, max: 999 }),
                (milli, sub) => {
                    const request = cpuQuantity("request");
                    assert.ok(ok(request, `${milli}m`));
                    assert.ok(ok(request, `${milli / 1000}`), `${milli / 1000}`);
                    assert.ok(ok(request, `${milli * 1000}u`));
                    assert.strictEqual(ok(request, `${milli * 1000 + sub}u`), false);
                    assert.strictEqual(ok(cpuQuantity("limit"), `${milli}m`), milli >= 10);
                },
            ),
        );
    });
});
