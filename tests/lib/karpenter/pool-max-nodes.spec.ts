/** A NodePool's maximum in nodes from its limits and the sizes of the instance types it allows. */
import * as assert from "assert";
import fc from "fast-check";

import { INSTANCE_TYPES } from "../../../lib/aws/instance-types";
import { parsePoolLimits, poolMaxNodes } from "../../../lib/karpenter/pool-max-nodes";

describe("poolMaxNodes", () => {
    it("holds the fewest-vCPU type by CPU and the least-memory type by memory, the smaller count rounded down", () => {
        // m5.large 2 vCPU / 8 GiB, c5.xlarge 4 vCPU / 8 GiB: 64 cores hold 32 two-vCPU nodes,
        // 200 GiB hold 25 eight-GiB nodes.
        assert.strictEqual(
            poolMaxNodes(["m5.large", "c5.xlarge"], { cpu: 64, memoryGiB: 200 }),
            25,
        );
        assert.strictEqual(
            poolMaxNodes(["m5.large", "c5.xlarge"], { cpu: 63, memoryGiB: 512 }),
            31,
        );
        // staging's ML spot pool: 4 vCPU / 8 GiB at the smallest, limits 16 cores and 32Gi
        const ml = ["c5.xlarge", "c6i.xlarge", "c5.2xlarge", "c6i.2xlarge"];
        assert.strictEqual(poolMaxNodes(ml, parsePoolLimits({ cpu: "16", memory: "32Gi" })), 4);
        // staging's general pool: t3.medium 2 vCPU / 4 GiB, limits 16 cores and 64Gi
        const general = ["t3.medium", "t3.large", "m5.large", "m6i.large"];
        assert.strictEqual(
            poolMaxNodes(general, parsePoolLimits({ cpu: "16", memory: "64Gi" })),
            8,
        );
    });

    it("is 0 for a pool without instance types or with a type not in the table", () => {
        assert.strictEqual(poolMaxNodes([], { cpu: 64, memoryGiB: 256 }), 0);
        assert.strictEqual(poolMaxNodes(["m5.large", "x9.huge"], { cpu: 64, memoryGiB: 256 }), 0);
    });

    it("parses the limits as written; an unparsable limit holds no node", () => {
        assert.deepStrictEqual(parsePoolLimits({ cpu: "1500m", memory: "512Mi" }), {
            cpu: 1.5,
            memoryGiB: 0.5,
        });
        assert.deepStrictEqual(parsePoolLimits({ cpu: "lots", memory: undefined }), {
            cpu: 0,
            memoryGiB: 0,
        });
    });

    it("never holds more nodes than either limit allows of any allowed type (generated pools)", () => {
        const types = Object.keys(INSTANCE_TYPES);
        fc.assert(
            fc.property(
                fc.uniqueArray(fc.constantFrom(...types), { minLength: 1, maxLength: 4 }),
                fc.integer({ min: 0, max: 2000 }),
                fc.integer({ min: 0, max: 8000 }),
                (allowed, cpu, memoryGiB) => {
                    const n = poolMaxNodes(allowed, { cpu, memoryGiB });
                    const sizes = allowed.map((t) => INSTANCE_TYPES[t]);
                    const smallestCpu = Math.min(...sizes.map((s) => s.vcpu));
                    const smallestMem = Math.min(...sizes.map((s) => s.memoryGiB));
                    assert.ok(n * smallestCpu <= cpu && n * smallestMem <= memoryGiB);
                    assert.ok((n + 1) * smallestCpu > cpu || (n + 1) * smallestMem > memoryGiB);
                },
            ),
        );
    });
});
