/**
 * Stack tests of the data stores in the offline preview's capacity and cost figures
 * (tools/offline/datastore-capacity.ts).
 */
import * as assert from "assert";

import { storeCapacity } from "../../tools/offline/datastore-capacity";
import { evaluatedStack } from "../helpers/stack-evaluation";

for (const stack of ["staging", "production"]) {
    const production = stack === "production";
    describe(`stack ${stack}: data stores in capacity and cost`, function () {
        it("counts the stores in the capacity and cost figures", async () => {
            const e = await evaluatedStack(stack);
            const stores = storeCapacity(e.recorder.resources);
            assert.deepStrictEqual(
                stores.map((s) => [s.name, s.nodes, s.instanceClass]).sort(),
                production
                    ? [
                          ["inventory-data-postgres", 2, "db.m6g.large"],
                          ["inventory-data-redis", 2, "cache.m6g.large"],
                          ["order-data-postgres", 2, "db.m6g.large"],
                          ["payment-data-postgres", 2, "db.m6g.large"],
                      ]
                    : [
                          ["inventory-data-postgres", 1, "db.t4g.small"],
                          ["inventory-data-redis", 1, "cache.t4g.small"],
                          ["order-data-postgres", 1, "db.t4g.small"],
                          ["payment-data-postgres", 1, "db.t4g.small"],
                      ],
            );
            // db.m6g.large Multi-AZ with 100 GiB: 2 x (0.152 x 730 + 100 x 0.115).
            const inventoryDb = stores.find((s) => s.name === "inventory-data-postgres")!;
            assert.strictEqual(
                inventoryDb.monthlyUsd!.toFixed(2),
                production
                    ? (2 * (0.152 * 730 + 100 * 0.115)).toFixed(2)
                    : (0.032 * 730 + 20 * 0.115).toFixed(2),
            );
        });
    });
}
