/**
 * The offline price table: complete for the instance types and store classes the config accepts, and
 * fenced off from the product (no component names a price).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { POSTGRES_SIZES, REDIS_SIZES } from "../../../components/datastore/engines";
import { INSTANCE_TYPES } from "../../../schemas/instance-types";
import {
    EC2_ON_DEMAND_USD_PER_HOUR,
    ELASTICACHE_USD_PER_HOUR,
    RDS_USD_PER_HOUR,
} from "../../../tools/offline/prices";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function sources(dir: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
        .flatMap((e) =>
            e.isDirectory()
                ? sources(path.join(dir, e.name))
                : e.name.endsWith(".ts")
                  ? [path.join(dir, e.name)]
                  : [],
        );
}

/** A field, constant or property named like a price (`usdPerHour:`, `GP3_USD_PER_GIB_MONTH =`). */
const PRICE_NAME = /\b\w*(usd|price)\w*\s*[:=]/i;

describe("price table", () => {
    it("prices every instance type except the retired P4d, and every store class", () => {
        assert.deepStrictEqual(
            Object.keys(INSTANCE_TYPES).filter((t) => !EC2_ON_DEMAND_USD_PER_HOUR.has(t)),
            ["p4d.24xlarge"],
        );
        for (const [table, prices] of [
            [POSTGRES_SIZES, RDS_USD_PER_HOUR],
            [REDIS_SIZES, ELASTICACHE_USD_PER_HOUR],
        ] as const) {
            const listed = Object.values(table).map((c) => prices.get(c.instanceClass));
            assert.ok(listed.every((p) => p !== undefined && p > 0));
            assert.deepStrictEqual(
                listed,
                [...listed].sort((a, b) => a! - b!),
            );
        }
    });

    it("lives outside the product: no component names a price", () => {
        const found = sources("components").flatMap((f) =>
            fs
                .readFileSync(path.join(ROOT, f), "utf8")
                .split("\n")
                .map((line, i) => ({ f, i, line }))
                .filter(({ line }) => PRICE_NAME.test(line) && !/^\s*(\*|\/\/)/.test(line))
                .map(({ f, i, line }) => `${f}:${i + 1}: ${line.trim()}`),
        );
        assert.deepStrictEqual(found, []);
    });
});
