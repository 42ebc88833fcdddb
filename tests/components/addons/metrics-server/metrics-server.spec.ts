import * as assert from "assert";

import { metricsServerValues } from "../../../../components/addons";

describe("metrics-server add-on", () => {
    it("runs two replicas with a disruption budget only when highly available", () => {
        const v = (ha: boolean) => {
            const values = metricsServerValues(ha);
            return [values.replicas, values.podDisruptionBudget];
        };
        assert.deepStrictEqual(
            [v(true), v(false)],
            [
                [2, { enabled: true, minAvailable: 1 }],
                [1, { enabled: false, minAvailable: 1 }],
            ],
        );
    });
});
