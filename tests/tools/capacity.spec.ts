/**
 * The offline capacity check: workloads at their HPA maximum against each node group at its
 * autoscaled maximum (maxSize nodes of the smallest instance type).
 */
import * as assert from "assert";

import { ALLOCATABLE_SHARE, checkCapacity } from "../../tools/offline/capacity";
import { RecordedResource } from "../../tools/offline/mocks";
import { evaluatedStack } from "../helpers/stack-evaluation";

function recorded(type: string, name: string, inputs: Record<string, unknown>): RecordedResource {
    return {
        urn: `urn:pulumi:test::p::${type}::${name}`,
        type,
        name,
        inputs,
        provider: "",
        custom: true,
        remote: false,
        version: "",
        protect: false,
        ignoreChanges: [],
        dependencies: [],
        aliases: [],
    };
}

const group = (maxSize: number, desiredSize: number) =>
    recorded("eks:index:ManagedNodeGroup", "general", {
        instanceTypes: ["t3.large", "t3.medium"],
        scalingConfig: { minSize: 1, maxSize, desiredSize },
        labels: { workload: "general" },
        taints: [],
    });

const deployment = (replicas: number, cpu: string) =>
    recorded("kubernetes:apps/v1:Deployment", "api", {
        metadata: { name: "api", namespace: "apps" },
        spec: {
            replicas,
            template: {
                spec: {
                    containers: [{ name: "api", resources: { requests: { cpu, memory: "1Gi" } } }],
                },
            },
        },
    });

describe("capacity check", () => {
    it("counts maxSize nodes of the smallest instance type, not the desired size", () => {
        const [g] = checkCapacity([group(4, 1), deployment(2, "500m")]);
        assert.deepStrictEqual(
            [g.group, g.maxNodes, g.capacity, g.requested, g.warning],
            [
                "general",
                4,
                { cpu: 4 * 2 * ALLOCATABLE_SHARE, memoryGiB: 4 * 4 * ALLOCATABLE_SHARE },
                { cpu: 1, memoryGiB: 2 },
                undefined,
            ],
        );
    });

    it("warns, naming the autoscaled maximum, when the group cannot hold its workloads", () => {
        const [g] = checkCapacity([group(2, 2), deployment(8, "500m")]);
        assert.strictEqual(
            g.warning,
            "node group general cannot hold its workloads at maximum scale: requests 4.0 vCPU / 8.0 GiB > capacity 3.4 vCPU / 6.8 GiB at the autoscaled maximum (maxSize 2 x smallest of t3.large, t3.medium); largest: apps/api (8 x, 4.0 vCPU)",
        );
    });

    for (const stack of ["staging", "production"]) {
        it(`${stack}: every node group holds its workloads at the autoscaled maximum`, async () => {
            const { recorder } = await evaluatedStack(stack);
            const groups = checkCapacity(recorder.resources);
            assert.deepStrictEqual(
                groups.map((g) => [g.group, g.maxNodes, g.warning]),
                (stack === "production"
                    ? [
                          ["platform-general", 10],
                          ["platform-ml", 5],
                          ["platform-gpu", 4],
                      ]
                    : [
                          ["platform-general", 6],
                          ["platform-ml", 3],
                      ]
                ).map(([n, m]) => [n, m, undefined]),
            );
        });
    }
});
