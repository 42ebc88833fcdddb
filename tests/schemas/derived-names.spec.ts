/**
 * Every derived name fits: names the program derives from config names are checked against the
 * limits and characters of the API that receives them, at each limit's boundary (limit - 1, limit,
 * limit + 1) with generated names.
 */
import * as assert from "assert";
import fc from "fast-check";

import { DERIVED_NAMES } from "../../components/internal/derived-names";
import { ConfigError, parsePlatformConfig } from "../../config";
import { at } from "../helpers/edit";
import { managedGroupsStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const rule = (object: string) => DERIVED_NAMES.find((r) => r.object.startsWith(object))!;

/** A DNS label of exactly `length` characters, a letter first (generated). */
const label = (length: number) =>
    fc
        .array(fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789-"), {
            minLength: length - 1,
            maxLength: length - 1,
        })
        .map((rest) => `a${rest.join("")}`.replace(/-+$/, (m) => "x".repeat(m.length)));

function outcome(raw: Record<string, unknown>): string {
    try {
        parsePlatformConfig(raw, stackContext("staging"));
        return "ok";
    } catch (e) {
        assert.ok(e instanceof ConfigError, String(e));
        return e.message;
    }
}

describe("config: derived names fit their APIs", () => {
    it("an EKS node group name <cluster.name>-<group> of 62 and 63 characters passes, 64 is refused (generated)", () => {
        const cluster = "supply-chain-staging";
        const ng = rule("EKS managed node group name");
        fc.assert(
            fc.property(
                fc
                    .constantFrom(62, 63, 64)
                    .chain((total) => label(total - cluster.length - 1).map((g) => ({ total, g }))),
                ({ total, g }) => {
                    const raw = managedGroupsStack("staging");
                    const groups = at(raw, "cluster", "nodeGroups");
                    groups[g] = groups.general;
                    delete groups.general;
                    at(raw, "karpenter").controllerNodeGroup = g;
                    const derived = `${cluster}-${g}`;
                    assert.strictEqual(derived.length, total);
                    assert.strictEqual(
                        outcome(raw),
                        total <= 63
                            ? "ok"
                            : `${P}:cluster.nodeGroups.${g} derives the ${ng.object} "${derived}", which is 64 characters, more than 63 (limit 63: ${ng.source}), got "${g}"`,
                    );
                },
            ),
            { numRuns: 15, seed: 25 },
        );
    });

    it("a store secret name of 511 and 512 characters passes, 513 is refused (generated)", () => {
        const secret = rule("Secrets Manager secret");
        // The longest secret a store derives: the PostgreSQL app role's (inventory has both stores).
        const suffix = "/inventory/postgres-app";
        fc.assert(
            fc.property(fc.constantFrom(511, 512, 513), (total) => {
                const prefix = `p/${"s".repeat(total - suffix.length - 2)}`;
                const raw = managedGroupsStack("staging");
                at(raw, "addons", "externalSecrets").secretsPrefix = prefix;
                const derived = `${prefix}${suffix}`;
                assert.strictEqual(derived.length, total);
                // The message caps the value it echoes (`got ...`), so compare up to it.
                assert.strictEqual(
                    outcome(raw).split(", got ")[0],
                    total <= 512
                        ? "ok"
                        : `${P}:addons.externalSecrets.secretsPrefix derives the ${secret.object} "${derived}", which is 513 characters, more than 512 (limit 512: ${secret.source})`,
                );
            }),
            { numRuns: 3, seed: 25 },
        );
    });

    it("a cluster name with '--' gives RDS and ElastiCache identifiers they refuse", () => {
        const raw = managedGroupsStack("staging");
        at(raw, "cluster").name = "supply--staging";
        const rds = rule("RDS DB instance identifier");
        const redis = rule("ElastiCache replication group id");
        const lines = outcome(raw).split("\n");
        assert.deepStrictEqual(
            lines.filter((l) => l.includes("identifier") || l.includes("replication group")),
            [
                `${P}:services.inventory.datastores.postgres derives the ${rds.object} "supply--staging-inventory", which must hold ${rds.allowed} (limit 63: ${rds.source}), got "inventory"`,
                `${P}:services.order.datastores.postgres derives the ${rds.object} "supply--staging-order", which must hold ${rds.allowed} (limit 63: ${rds.source}), got "order"`,
                `${P}:services.payment.datastores.postgres derives the ${rds.object} "supply--staging-payment", which must hold ${rds.allowed} (limit 63: ${rds.source}), got "payment"`,
                `${P}:services.inventory.datastores.redis derives the ${redis.object} "supply--staging-inventory", which must hold ${redis.allowed} (limit 40: ${redis.source}), got "inventory"`,
            ],
        );
    });

    it("long store identifiers are fitted (hashed) to RDS's 63 and ElastiCache's 40, so they pass", () => {
        const raw = managedGroupsStack("staging");
        at(raw, "cluster").name = `c${"x".repeat(45)}`;
        assert.strictEqual(outcome(raw), "ok");
    });
});
