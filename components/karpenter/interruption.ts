/**
 * Karpenter's interruption handling: an SQS queue that EventBridge fills with the EC2 and AWS Health
 * events that announce a node going away, read by the controller (`settings.interruptionQueue`), which
 * then cordons and drains the node ahead of time. Queue, queue policy and rules as upstream writes them
 * (aws/karpenter-provider-aws `website/content/en/docs/getting-started/getting-started-with-karpenter/
 * cloudformation.yaml`, tag v1.14.1: `KarpenterInterruptionQueue`, `KarpenterInterruptionQueuePolicy`,
 * `ScheduledChangeRule`, `SpotInterruptionRule`, `RebalanceRule`, `InstanceStateChangeRule`,
 * `CapacityReservationInterruptionRule`).
 */

/** Messages are useless after the two-minute spot warning: upstream keeps them 300 s. */
export const QUEUE_RETENTION_SECONDS = 300;

/** One EventBridge rule: its stable key (child name suffix) and event pattern. */
export interface InterruptionRule {
    readonly key: string;
    readonly description: string;
    readonly source: string;
    readonly detailType: string;
}

/** The five rules, by stable key. */
export const INTERRUPTION_RULES: readonly InterruptionRule[] = [
    {
        key: "scheduled-change",
        description: "AWS Health scheduled changes (instance retirement, maintenance)",
        source: "aws.health",
        detailType: "AWS Health Event",
    },
    {
        key: "spot-interruption",
        description: "Two-minute spot interruption warnings",
        source: "aws.ec2",
        detailType: "EC2 Spot Instance Interruption Warning",
    },
    {
        key: "rebalance",
        description: "Spot rebalance recommendations",
        source: "aws.ec2",
        detailType: "EC2 Instance Rebalance Recommendation",
    },
    {
        key: "instance-state-change",
        description: "Instances stopping or terminating outside Karpenter",
        source: "aws.ec2",
        detailType: "EC2 Instance State-change Notification",
    },
    {
        key: "capacity-reservation-interruption",
        description: "Capacity reservation instance interruption warnings",
        source: "aws.ec2",
        detailType: "EC2 Capacity Reservation Instance Interruption Warning",
    },
];

/** The event pattern (JSON) of a rule. */
export function eventPattern(rule: InterruptionRule): string {
    return JSON.stringify({ source: [rule.source], "detail-type": [rule.detailType] });
}

/** The queue policy: EventBridge (and SQS) may send; nothing over plain HTTP. */
export function queuePolicy(queueArn: string): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Id: "EC2InterruptionPolicy",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: ["events.amazonaws.com", "sqs.amazonaws.com"] },
                Action: "sqs:SendMessage",
                Resource: queueArn,
            },
            {
                Sid: "DenyHTTP",
                Effect: "Deny",
                Action: "sqs:*",
                Resource: queueArn,
                Condition: { Bool: { "aws:SecureTransport": false } },
                Principal: "*",
            },
        ],
    });
}
