import * as assert from "assert";

import { podSelectsNodeLabels } from "../../../lib/kubernetes";

const ml = { workload: "ml-processing", "node.kubernetes.io/lifecycle": "spot" };
const term = (matchExpressions: Record<string, unknown>[]) => ({
    affinity: {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions }],
            },
        },
    },
});

describe("lib/kubernetes podSelectsNodeLabels", () => {
    it("selects a group by a nodeSelector whose every entry the group carries", () => {
        assert.strictEqual(
            podSelectsNodeLabels({ nodeSelector: { workload: "ml-processing" } }, ml),
            true,
        );
        assert.strictEqual(
            podSelectsNodeLabels({ nodeSelector: { workload: "ml-processing", gpu: "true" } }, ml),
            false,
        );
    });

    it("selects a group by a required node affinity term with In or Exists", () => {
        assert.strictEqual(
            podSelectsNodeLabels(
                term([{ key: "workload", operator: "In", values: ["ml-processing", "x"] }]),
                ml,
            ),
            true,
        );
        assert.strictEqual(
            podSelectsNodeLabels(term([{ key: "workload", operator: "Exists" }]), ml),
            true,
        );
        assert.strictEqual(
            podSelectsNodeLabels(
                term([{ key: "workload", operator: "In", values: ["general"] }]),
                ml,
            ),
            false,
        );
        assert.strictEqual(
            podSelectsNodeLabels(
                term([{ key: "workload", operator: "NotIn", values: ["general"] }]),
                ml,
            ),
            false,
        );
    });

    it("selects nothing without a nodeSelector or required node affinity", () => {
        assert.strictEqual(podSelectsNodeLabels({}, ml), false);
        assert.strictEqual(podSelectsNodeLabels({ nodeSelector: {} }, ml), false);
        assert.strictEqual(podSelectsNodeLabels(term([]), ml), false);
    });
});
