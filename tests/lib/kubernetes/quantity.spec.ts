import * as assert from "assert";

import {
    kubernetesTypeToken,
    parseKubernetesType,
    parseQuantity,
    selectorMatches,
} from "../../../lib/kubernetes";

describe("lib/kubernetes", () => {
    it("parses Kubernetes quantities", () => {
        const table: [unknown, number | undefined][] = [
            ["500m", 0.5],
            ["2", 2],
            [1.5, 1.5],
            ["1Gi", 2 ** 30],
            ["512Mi", 512 * 2 ** 20],
            ["1G", 1e9],
            ["1e3", 1000],
            [".5", 0.5],
            ["1.5Gi", 1.5 * 2 ** 30],
            ["512MB", undefined],
            ["abc", undefined],
            ["", undefined],
            [null, undefined],
        ];
        for (const [input, expected] of table) {
            assert.strictEqual(
                parseQuantity(input),
                expected,
                `parseQuantity(${JSON.stringify(input)})`,
            );
        }
    });

    it("maps type tokens both ways, skipping Helm and YAML components", () => {
        assert.deepStrictEqual(parseKubernetesType("kubernetes:apps/v1:Deployment"), {
            group: "apps",
            version: "v1",
            kind: "Deployment",
        });
        assert.strictEqual(parseKubernetesType("kubernetes:helm.sh/v4:Chart"), undefined);
        assert.strictEqual(parseKubernetesType("aws:kms/key:Key"), undefined);
        assert.strictEqual(kubernetesTypeToken("v1", "Pod"), "kubernetes:core/v1:Pod");
        assert.strictEqual(
            kubernetesTypeToken("security.istio.io/v1", "PeerAuthentication"),
            "kubernetes:security.istio.io/v1:PeerAuthentication",
        );
    });

    it("matches label selectors, treating an empty selector as not selecting its own pods", () => {
        assert.strictEqual(
            selectorMatches({ matchLabels: { app: "a" } }, { app: "a", v: "1" }),
            true,
        );
        assert.strictEqual(
            selectorMatches(
                { matchExpressions: [{ key: "app", operator: "NotIn", values: ["b"] }] },
                { app: "a" },
            ),
            true,
        );
        assert.strictEqual(
            selectorMatches(
                { matchExpressions: [{ key: "tier", operator: "Exists" }] },
                { app: "a" },
            ),
            false,
        );
        assert.strictEqual(selectorMatches({}, { app: "a" }), false);
    });
});
