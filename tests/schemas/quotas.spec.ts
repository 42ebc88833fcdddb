/**
 * The EC2 vCPU quotas each stack needs (schemas/quotas.ts), and the first-`up` table of
 * docs/operations.md that tells operators what to request: the table must equal the computed numbers.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { parsePlatformConfig } from "../../config";
import { INSTANCE_TYPES } from "../../schemas/instance-types";
import { quotaOf, vcpuQuotaNeeds } from "../../schemas/quotas";
import { managedGroupsStack, rawStack, ROOT, stackContext } from "../helpers/config";

const STACKS = ["staging", "production"] as const;

/** The needs of a committed stack: its managed groups and its NodePools. */
function stackNeeds(stack: string) {
    const c = parsePlatformConfig(rawStack(stack), stackContext(stack));
    return vcpuQuotaNeeds(c.cluster.nodeGroups, c.karpenter.enabled ? c.karpenter.nodePools : {});
}

/** The computed rows, in the table's form: stack, `name (code)`, vCPUs, groups. */
function computedRows(): string[][] {
    return STACKS.flatMap((stack) =>
        stackNeeds(stack).map((n) => [
            stack,
            `${n.name} (\`${n.code}\`)`,
            String(n.vcpus),
            n.groups.join(", "),
        ]),
    );
}

/** The rows of the quota table in the "EC2 vCPU quotas" section of docs/operations.md. */
function documentedRows(): string[][] {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "operations.md"), "utf8");
    const section = doc.split("\n## EC2 vCPU quotas")[1]?.split("\n## ")[0] ?? "";
    return section
        .split("\n")
        .filter((line) => /^\| (staging|production) /.test(line))
        .map((line) =>
            line
                .split("|")
                .slice(1, -1)
                .map((cell) => cell.trim()),
        );
}

describe("EC2 vCPU quotas", () => {
    it("needs Karpenter's group at maxSize and each NodePool's limits.cpu, summed per quota (production)", () => {
        assert.deepStrictEqual(
            stackNeeds("production").map((n) => [n.code, n.vcpus, n.groups]),
            [
                ["L-34B43A08", 40, ["ml (NodePool, limits.cpu 40)"]],
                ["L-DB2E81BA", 16, ["gpu (NodePool, limits.cpu 16)"]],
                [
                    "L-1216C47A",
                    52,
                    ["karpenter (2 x t3.medium)", "general (NodePool, limits.cpu 48)"],
                ],
            ],
        );
    });

    it("counts a NodePool in each capacity type it allows, at its largest type's quota", () => {
        assert.deepStrictEqual(
            vcpuQuotaNeeds(
                {},
                {
                    p: {
                        instanceTypes: ["m5.large", "g5.xlarge"],
                        capacityTypes: ["on-demand", "spot"],
                        limits: { cpu: "24500m" },
                    },
                },
            ).map((n) => [n.code, n.vcpus, n.groups]),
            [
                ["L-3819A6DF", 24, ["p (NodePool, limits.cpu 24)"]],
                ["L-DB2E81BA", 24, ["p (NodePool, limits.cpu 24)"]],
            ],
        );
    });

    it("needs maxSize x the largest type's vCPUs per group, summed per quota (production with managed groups)", () => {
        const c = parsePlatformConfig(managedGroupsStack("production"), stackContext("production"));
        assert.deepStrictEqual(
            vcpuQuotaNeeds(c.cluster.nodeGroups).map((n) => [n.code, n.vcpus, n.groups]),
            [
                ["L-34B43A08", 20, ["ml (5 x c5.xlarge)"]],
                ["L-DB2E81BA", 16, ["gpu (4 x g5.xlarge)"]],
                ["L-1216C47A", 40, ["general (10 x t3.xlarge)"]],
            ],
        );
    });

    it("adds the groups of one quota and counts a mixed group at its largest type", () => {
        assert.deepStrictEqual(
            vcpuQuotaNeeds({
                a: { instanceTypes: ["g5.xlarge"], capacityType: "SPOT", maxSize: 2 },
                b: {
                    instanceTypes: ["g4dn.xlarge", "g4dn.2xlarge"],
                    capacityType: "SPOT",
                    maxSize: 3,
                },
                c: { instanceTypes: ["p3.2xlarge"], capacityType: "ON_DEMAND", maxSize: 1 },
            }).map((n) => [n.code, n.vcpus, n.groups]),
            [
                ["L-3819A6DF", 32, ["a (2 x g5.xlarge)", "b (3 x g4dn.2xlarge)"]],
                ["L-417A185B", 8, ["c (1 x p3.2xlarge)"]],
            ],
        );
    });

    it("puts every instance type of the table in a quota", () => {
        assert.deepStrictEqual(
            Object.keys(INSTANCE_TYPES).filter((t) => quotaOf(t, "ON_DEMAND") === undefined),
            [],
        );
    });

    it("docs/operations.md states exactly the vCPUs each stack's quotas need", () => {
        assert.deepStrictEqual(documentedRows(), computedRows());
    });
});
