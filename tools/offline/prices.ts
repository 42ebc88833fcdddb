/**
 * The price table of the offline cost estimate. Data only; the product components never import it
 * (prices are not part of what the platform deploys, and a price change must not touch a component).
 *
 * - Date: compiled 2026-12-06 ({@link PRICES_DATE}); refresh all rows together and change the date.
 * - Region: us-west-2 (US West, Oregon), both committed stacks' region ({@link PRICES_REGION}).
 * - Source: the AWS public price list, on-demand, Linux, USD, without tax: the offer files of the AWS
 *   Price List API (`aws pricing get-products --service-code AmazonEC2|AmazonEKS|AmazonRDS|
 *   AmazonElastiCache|AmazonCloudWatch|AWSELB|AmazonVPC --region us-east-1`), which back the pages
 *   https://aws.amazon.com/eks/pricing/, https://aws.amazon.com/ec2/pricing/on-demand/,
 *   https://aws.amazon.com/vpc/pricing/ (NAT gateway), https://aws.amazon.com/elasticloadbalancing/pricing/,
 *   https://aws.amazon.com/rds/postgresql/pricing/, https://aws.amazon.com/elasticache/pricing/,
 *   https://aws.amazon.com/ebs/pricing/ and https://aws.amazon.com/cloudwatch/pricing/.
 *
 * What the estimate leaves out, on purpose: data transfer and NAT/load balancer data processing
 * (per GB or LCU, they depend on traffic), CloudWatch Logs storage, KMS keys and requests, Secrets
 * Manager secrets, Route 53 zones, snapshots and backups beyond the free allowance, taxes and
 * discounts (Savings Plans, reserved instances).
 */

/** Date the prices were compiled (ISO); the control plane's support tier is judged on this day. */
export const PRICES_DATE = "2026-12-06";
/** Region of every price below. */
export const PRICES_REGION = "us-west-2";
/** Hours in a month, as AWS pricing pages count them. */
export const HOURS_PER_MONTH = 730;

/** EKS control plane, per cluster-hour: standard support and extended support (after 14 months). */
export const EKS_CONTROL_PLANE_USD_PER_HOUR = { standard: 0.1, extended: 0.6 } as const;

/** EC2 on-demand Linux, USD per instance-hour, for the instance types of schemas/instance-types.ts. */
export const EC2_ON_DEMAND_USD_PER_HOUR: ReadonlyMap<string, number> = new Map([
    ["t3.medium", 0.0416],
    ["t3.large", 0.0832],
    ["t3.xlarge", 0.1664],
    ["t3.2xlarge", 0.3328],
    ["m5.large", 0.096],
    ["m5.xlarge", 0.192],
    ["m5.2xlarge", 0.384],
    ["m5.4xlarge", 0.768],
    ["m6i.large", 0.096],
    ["m6i.xlarge", 0.192],
    ["m6i.2xlarge", 0.384],
    ["m7i.large", 0.1008],
    ["m7i.xlarge", 0.2016],
    ["m7i.2xlarge", 0.4032],
    ["c5.large", 0.085],
    ["c5.xlarge", 0.17],
    ["c5.2xlarge", 0.34],
    ["c5.4xlarge", 0.68],
    ["c6i.large", 0.085],
    ["c6i.xlarge", 0.17],
    ["c6i.2xlarge", 0.34],
    ["r5.large", 0.126],
    ["r5.xlarge", 0.252],
    ["r5.2xlarge", 0.504],
    ["g4dn.xlarge", 0.526],
    ["g4dn.2xlarge", 0.752],
    ["g4dn.4xlarge", 1.204],
    ["g4dn.12xlarge", 3.912],
    ["g5.xlarge", 1.006],
    ["g5.2xlarge", 1.212],
    ["g5.4xlarge", 1.624],
    ["g5.12xlarge", 5.672],
    ["g5.48xlarge", 16.288],
    ["g6.xlarge", 0.8048],
    ["g6.2xlarge", 0.9776],
    ["g6.12xlarge", 4.6016],
    ["p3.2xlarge", 3.06],
    ["p3.8xlarge", 12.24],
]);

/**
 * Spot price as a share of the on-demand price. An assumption, not a price: Spot prices move with
 * demand per type and zone. 0.35 is a 65% saving, the middle of the "savings over On-Demand" band
 * (60-70%) the Spot Instance Advisor (https://aws.amazon.com/ec2/spot/instance-advisor/) shows for the
 * c5/c6i/m5 xlarge types in us-west-2. Check the Spot price history of the group's types before
 * relying on a Spot line.
 */
export const SPOT_SHARE_OF_ON_DEMAND = 0.35;

/** NAT gateway, per gateway-hour (data processing, $0.045/GB, is not estimated). */
export const NAT_GATEWAY_USD_PER_HOUR = 0.045;
/** Network and Application Load Balancer, per load-balancer-hour (LCUs are not estimated). */
export const LOAD_BALANCER_USD_PER_HOUR = { nlb: 0.0225, alb: 0.0225 } as const;

/** RDS for PostgreSQL, single-AZ on-demand, USD per instance-hour (Multi-AZ bills two). */
export const RDS_USD_PER_HOUR: ReadonlyMap<string, number> = new Map([
    ["db.t4g.small", 0.032],
    ["db.t4g.medium", 0.065],
    ["db.m6g.large", 0.152],
    ["db.r6g.xlarge", 0.449],
]);
/** RDS gp3 storage, USD per GB-month, single-AZ (Multi-AZ stores a second copy). */
export const RDS_GP3_USD_PER_GB_MONTH = 0.115;

/** ElastiCache (Redis OSS) on-demand, USD per node-hour. */
export const ELASTICACHE_USD_PER_HOUR: ReadonlyMap<string, number> = new Map([
    ["cache.t4g.small", 0.032],
    ["cache.t4g.medium", 0.065],
    ["cache.m6g.large", 0.149],
    ["cache.r6g.xlarge", 0.411],
]);

/** EBS gp3 volumes (node disks, Prometheus and Alertmanager volumes), USD per GB-month. */
export const EBS_GP3_USD_PER_GB_MONTH = 0.08;

/** CloudWatch Logs ingestion (Standard log class), USD per GB. */
export const CLOUDWATCH_LOGS_USD_PER_GB = 0.5;

/**
 * Assumed log volumes (an estimate, not a measurement): the control plane's five log types
 * (api, audit, authenticator, controllerManager, scheduler; audit dominates) at 1 GB a day per
 * cluster, and Fluent Bit's container logs at 0.5 GB a day per node. Replace with the stack's
 * `IncomingBytes` metric of its log groups once it runs.
 */
export const ASSUMED_LOG_GB_PER_MONTH = { controlPlane: 30, perNode: 15 } as const;
