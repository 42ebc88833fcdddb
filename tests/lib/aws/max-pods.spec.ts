/**
 * Pods per node under the VPC CNI, against the EKS AMI's published table and the ceilings of prefix
 * delegation and managed node groups.
 */
import * as assert from "assert";
import fc from "fast-check";

import { ENI_LIMITS, maxPods, maxPodsOf } from "../../../lib/aws/max-pods";
import { INSTANCE_TYPES } from "../../../schemas/instance-types";

/**
 * awslabs/amazon-eks-ami `templates/shared/runtime/eni-max-pods.txt` at 2bed73dc (the last revision of
 * that file), for the instance types the config accepts: the uncapped ENI formula.
 */
const PUBLISHED: [string, number][] = [
    ["t3.medium", 17],
    ["t3.large", 35],
    ["t3.xlarge", 58],
    ["t3.2xlarge", 58],
    ["m5.large", 29],
    ["m5.xlarge", 58],
    ["m5.2xlarge", 58],
    ["m5.4xlarge", 234],
    ["m6i.large", 29],
    ["m6i.xlarge", 58],
    ["m6i.2xlarge", 58],
    ["m7i.large", 29],
    ["m7i.xlarge", 58],
    ["m7i.2xlarge", 58],
    ["c5.large", 29],
    ["c5.xlarge", 58],
    ["c5.2xlarge", 58],
    ["c5.4xlarge", 234],
    ["c6i.large", 29],
    ["c6i.xlarge", 58],
    ["c6i.2xlarge", 58],
    ["r5.large", 29],
    ["r5.xlarge", 58],
    ["r5.2xlarge", 58],
    ["g4dn.xlarge", 29],
    ["g4dn.2xlarge", 29],
    ["g4dn.4xlarge", 29],
    ["g4dn.12xlarge", 234],
    ["g5.xlarge", 58],
    ["g5.2xlarge", 58],
    ["g5.4xlarge", 234],
    ["g5.12xlarge", 737],
    ["g5.48xlarge", 345],
    ["g6.xlarge", 58],
    ["g6.2xlarge", 58],
    ["g6.12xlarge", 234],
    ["p3.2xlarge", 58],
    ["p3.8xlarge", 234],
    ["p4d.24xlarge", 737],
];

describe("max pods per node (VPC CNI)", () => {
    it("has ENI limits for every instance type the config accepts", () => {
        assert.deepStrictEqual(
            Object.keys(INSTANCE_TYPES).filter((t) => !ENI_LIMITS.has(t)),
            [],
        );
    });

    it("matches the EKS AMI's published max pods without the managed node group ceiling", () => {
        for (const [type, pods] of PUBLISHED) {
            assert.strictEqual(
                maxPods(ENI_LIMITS.get(type)!, INSTANCE_TYPES[type].vcpu, {
                    managedNodeGroup: false,
                }),
                pods,
                type,
            );
        }
    });

    it("caps managed node groups at 110 below 30 vCPUs and 250 above", () => {
        assert.deepStrictEqual(
            ["t3.medium", "m5.4xlarge", "g5.12xlarge", "g5.48xlarge"].map((t) =>
                maxPodsOf(t, INSTANCE_TYPES[t].vcpu),
            ),
            [17, 110, 250, 250],
        );
    });

    it("gives 16 addresses per slot with prefix delegation, under the same ceilings", () => {
        // t3.medium: 3 ENIs x 5 prefixes x 16 + 2 = 242, capped at 110 (2 vCPUs).
        assert.strictEqual(maxPodsOf("t3.medium", 2, { prefixDelegation: true }), 110);
        assert.strictEqual(
            maxPodsOf("t3.medium", 2, { prefixDelegation: true, managedNodeGroup: false }),
            110,
        );
        assert.strictEqual(maxPodsOf("unknown.large", 2), undefined);
    });

    it("never exceeds the ENI formula nor the ceiling, for any limits", () => {
        fc.assert(
            fc.property(
                fc.integer({ min: 1, max: 15 }),
                fc.integer({ min: 2, max: 50 }),
                fc.integer({ min: 1, max: 192 }),
                (enis, ips, vcpu) => {
                    const pods = maxPods({ enis, ipv4PerEni: ips }, vcpu);
                    return (
                        pods === Math.min(enis * (ips - 1) + 2, vcpu > 30 ? 250 : 110) && pods >= 3
                    );
                },
            ),
        );
    });
});
