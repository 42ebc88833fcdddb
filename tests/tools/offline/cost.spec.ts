/**
 * The cost estimate of both committed stacks against a hand calculation from the price table's
 * constants (not from the estimator), and production's estimate beside the seed's cost table.
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../../config";
import { checkCapacity } from "../../../tools/offline/capacity";
import { capacityInputs } from "../../../tools/offline/capacity-inputs";
import { estimateCost } from "../../../tools/offline/cost";
import * as P from "../../../tools/offline/prices";
import { compareWithSeed } from "../../../tools/offline/seed-costs";
import { rawStack } from "../../helpers/config";
import { evaluatedStack } from "../../helpers/stack-evaluation";

const H = P.HOURS_PER_MONTH;
const ec2 = (type: string) => P.EC2_ON_DEMAND_USD_PER_HOUR.get(type)!;
const rds = (cls: string) => P.RDS_USD_PER_HOUR.get(cls)!;
const cache = (cls: string) => P.ELASTICACHE_USD_PER_HOUR.get(cls)!;
const spot = P.SPOT_SHARE_OF_ON_DEMAND;
const gp3 = P.EBS_GP3_USD_PER_GB_MONTH;
const logs = (nodes: number) =>
    (P.ASSUMED_LOG_GB_PER_MONTH.controlPlane + P.ASSUMED_LOG_GB_PER_MONTH.perNode * nodes) *
    P.CLOUDWATCH_LOGS_USD_PER_GB;
/** Kubernetes 1.35 is in standard support on the price table's date (until 2027-03-27). */
const controlPlane = P.EKS_CONTROL_PLANE_USD_PER_HOUR.standard * H;
const nlb = P.LOAD_BALANCER_USD_PER_HOUR.nlb * H;
const nat = (n: number) => n * P.NAT_GATEWAY_USD_PER_HOUR * H;

async function estimate(stack: "staging" | "production") {
    const { recorder } = await evaluatedStack(stack);
    const config = parsePlatformConfig(rawStack(stack));
    const capacity = checkCapacity(recorder.resources, capacityInputs(config, recorder.resources));
    return estimateCost(recorder.resources, {
        monitoring: config.addons.monitoring,
        logging: config.addons.logging.enabled,
        poolNodes: new Map(capacity.map((g) => [g.group, g.minNodes])),
    });
}

const near = (actual: number, expected: number, what: string) =>
    assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

describe("cost estimate", () => {
    it("production matches the hand calculation at desired size and at maximum", async () => {
        const e = await estimate("production");
        // Karpenter's controller group: 2 x t3.medium on demand (50 GB disks). The NodePools run
        // what the capacity model needs at the workloads' minimum replicas: general 3 x t3.xlarge
        // (50 GB), ml none (no workload there), gpu 3 x g5.xlarge (one per 1-GPU model replica,
        // 200 GB). At maximum each NodePool's limits hold of its first type: general 48 vCPU /
        // 192 GiB = 12 x t3.xlarge, ml 40 vCPU / 80 GiB = 10 x c5.xlarge (spot, 100 GB), gpu
        // 16 vCPU / 64 GiB = 4 x g5.xlarge; 3 NAT gateways, 1 NLB; Multi-AZ db.m6g.large
        // with 100, 100 and 50 GB, a 2-node cache.m6g.large; Prometheus 2 x 100Gi, Alertmanager
        // 2 x 5Gi; control-plane and container logs.
        const stores =
            2 * (rds("db.m6g.large") * H + 100 * P.RDS_GP3_USD_PER_GB_MONTH) * 2 +
            2 * (rds("db.m6g.large") * H + 50 * P.RDS_GP3_USD_PER_GB_MONTH) +
            2 * cache("cache.m6g.large") * H;
        const fixed = controlPlane + nat(3) + nlb + stores + (2 * 100 + 2 * 5) * gp3;
        const controller = 2 * ec2("t3.medium") * H + 2 * 50 * gp3;
        const desired =
            fixed +
            controller +
            (3 * ec2("t3.xlarge") + 3 * ec2("g5.xlarge")) * H +
            (3 * 50 + 3 * 200) * gp3 +
            logs(2 + 3 + 3);
        const max =
            fixed +
            controller +
            (12 * ec2("t3.xlarge") + 10 * ec2("c5.xlarge") * spot + 4 * ec2("g5.xlarge")) * H +
            (12 * 50 + 10 * 100 + 4 * 200) * gp3 +
            logs(2 + 12 + 10 + 4);
        near(e.totals.monthlyUsd, desired, "desired");
        near(e.totals.atMaxUsd, max, "max");
        assert.deepStrictEqual(e.unpriced, []);
        assert.deepStrictEqual(
            [Math.round(e.totals.monthlyUsd), Math.round(e.totals.atMaxUsd)],
            [3917, 6461],
        );
    });

    it("staging matches the hand calculation at desired size and at maximum", async () => {
        const e = await estimate("staging");
        // Karpenter's controller group: 2 x t3.medium (50 GB). The NodePools at minimum replicas:
        // general 4 x t3.medium (50 GB), ml 1 x c5.xlarge spot (100 GB); one NAT gateway, one NLB.
        // At maximum the NodePools' limits: general 16 vCPU / 64 GiB = 8 x t3.medium (2 vCPU,
        // 4 GiB), ml 16 vCPU / 32 GiB = 4 x c5.xlarge (4 vCPU, 8 GiB). Single-AZ db.t4g.small with 20 GB x 3, one cache.t4g.small; Prometheus 20Gi and
        // Alertmanager 5Gi.
        const stores =
            3 * (rds("db.t4g.small") * H + 20 * P.RDS_GP3_USD_PER_GB_MONTH) +
            cache("cache.t4g.small") * H;
        const fixed = controlPlane + nat(1) + nlb + stores + (20 + 5) * gp3;
        near(
            e.totals.monthlyUsd,
            fixed +
                ((2 + 4) * ec2("t3.medium") + ec2("c5.xlarge") * spot) * H +
                ((2 + 4) * 50 + 100) * gp3 +
                logs(2 + 4 + 1),
            "desired",
        );
        near(
            e.totals.atMaxUsd,
            fixed +
                ((2 + 8) * ec2("t3.medium") + 4 * ec2("c5.xlarge") * spot) * H +
                ((2 + 8) * 50 + 4 * 100) * gp3 +
                logs(2 + 8 + 4),
            "max",
        );
    });

    it("prints production beside the seed's cost table, line by line", async () => {
        const rows = compareWithSeed(await estimate("production"));
        assert.deepStrictEqual(
            rows.map((r) => [r.label, r.seedUsd, Math.round(r.estimateUsd)]),
            [
                ["EKS cluster", 220, 73],
                ["Worker nodes (auto-scaled)", 4200, 2628],
                ["Load balancers (ALB)", 150, 16],
                ["Databases (per-service)", 1800, 941],
                ["Service mesh", 300, 0],
                ["Monitoring (Prometheus/Grafana)", 450, 92],
                ["Not in the seed", 0, 167],
                ["Total", 7120, 3917],
            ],
        );
    });
});
