/**
 * Refused by class: IAM that escalates (with the reasoned `iam.allow` exception), capacity that cannot
 * work (errors in production, warnings elsewhere).
 */
import * as assert from "assert";

import { configWarnings, parsePlatformConfig } from "../../config";
import { at, listAt, Plain } from "../helpers/edit";
import { ConfigCase, configCases, managedGroupsStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const IAM_WRITE = "changes IAM identities, credentials or policies";
const escalation = (match: string, why = IAM_WRITE) =>
    `must not match a privilege-escalation action (it can match ${match}, which ${why}), unless iam.allow.actions lists it with a reason`;
const SECRET = "arn:aws:secretsmanager:us-west-2:1:secret:supply-chain/staging/";
const iam = (c: Plain) => at(c, "services", "order", "iam");
const ZERO =
    "must be greater than 0 (a zero limit cannot run a container; a zero request hides the pod from scheduling and HPA utilisation)";

const iamCases: ConfigCase[] = [
    ...[
        ["iam:PassRole", "iam:PassRole"],
        ["iam:Attach*", "iam:AttachRolePolicy"],
        ["iam:PutRolePolicy", "iam:PutRolePolicy"],
        ["iam:*Policy", "iam:AttachRolePolicy"],
        ["sts:AssumeRole", "sts:AssumeRole", "takes on another principal's permissions"],
    ].map(([action, match, why]): ConfigCase => ({
        name: `the escalation action ${action}`,
        mutate: (c) => listAt(iam(c), "statements", 0, "actions").push(action),
        message: `${P}:services.order.iam.statements[0].actions[2] ${escalation(match, why)}, got "${action}"`,
    })),
    {
        name: "every S3 bucket",
        mutate: (c) => (at(iam(c), "statements", 0).resources = ["arn:aws:s3:::*"]),
        message: `${P}:services.order.iam.statements[0].resources[0] must name resources, not every s3 resource, unless iam.allow.resources lists it with a reason, got "arn:aws:s3:::*"`,
    },
    {
        name: "roles in any account",
        mutate: (c) => (at(iam(c), "statements", 0).resources = ["arn:aws:iam::*:role/*"]),
        message: `${P}:services.order.iam.statements[0].resources[0] must name resources, not resources in any account, unless iam.allow.resources lists it with a reason, got "arn:aws:iam::*:role/*"`,
    },
    {
        name: "every queue of the account",
        mutate: (c) =>
            (at(iam(c), "statements", 0).resources = ["arn:aws:sqs:us-west-2:444455556666:*"]),
        message: `${P}:services.order.iam.statements[0].resources[0] must name resources, not every sqs resource, unless iam.allow.resources lists it with a reason, got "arn:aws:sqs:us-west-2:444455556666:*"`,
    },
    {
        name: "an allowance without a real reason",
        mutate: (c) => {
            listAt(iam(c), "statements", 0, "actions").push("iam:PassRole");
            iam(c).allow = { reason: "needed", actions: ["iam:PassRole"] };
        },
        message: `${P}:services.order.iam.allow.reason must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 6 visible characters and 1 different words, got "needed"`,
    },
    {
        name: "an allowance no statement uses (a standing grant)",
        mutate: (c) =>
            (iam(c).allow = {
                reason: "passes the worker role to Batch jobs",
                actions: ["iam:PassRole"],
            }),
        message: `${P}:services.order.iam.allow.actions[0] must match a wildcard, escalating or account-wide entry of an Allow statement's actions (remove it), got "iam:PassRole"`,
    },
    {
        name: "another service's secrets",
        mutate: (c) =>
            listAt(iam(c), "statements").push({
                actions: ["secretsmanager:GetSecretValue"],
                resources: [`${SECRET}payment/*`],
            }),
        message: `${P}:services.order.iam.statements[1].resources[0] must name only this service's own secrets (resource part starting secret:supply-chain/staging/order/), unless iam.allow.resources lists it with a reason, got "${SECRET}payment/*"`,
    },
    {
        name: "a secret path that only starts like the service's own",
        mutate: (c) =>
            listAt(iam(c), "statements").push({
                actions: ["secretsmanager:GetSecretValue"],
                resources: [`${SECRET}order*`],
            }),
        message: `${P}:services.order.iam.statements[1].resources[0] must name only this service's own secrets (resource part starting secret:supply-chain/staging/order/), unless iam.allow.resources lists it with a reason, got "${SECRET}order*"`,
    },
    {
        name: "an escalation spelled in other case and wildcards",
        mutate: (c) => listAt(iam(c), "statements", 0, "actions").push("IAM:p?ss*"),
        message: `${P}:services.order.iam.statements[0].actions[2] ${escalation("iam:PassRole")}, got "IAM:p?ss*"`,
    },
    {
        name: "an allowance whose reason is spaces and zero-width characters",
        mutate: (c) => {
            listAt(iam(c), "statements", 0, "actions").push("iam:PassRole");
            iam(c).allow = { reason: " \u200b".repeat(30), actions: ["iam:PassRole"] };
        },
        message: `${P}:services.order.iam.allow.reason must explain the exception in words (at least 20 visible characters and 3 different words; spaces and invisible characters do not count), got 0 visible characters and 0 different words, got "${" \\u200B".repeat(30)}"`,
    },
];

const capacity: ConfigCase[] = [
    {
        name: "every node group tainted (the general pool removed)",
        mutate: (c) => {
            at(c, "cluster").nodeGroups = { ml: at(c, "cluster", "nodeGroups").ml };
            // Karpenter's controller would have no node group either (its own rule).
            delete c.karpenter;
        },
        message: `${P}:cluster.nodeGroups must include a node group without NoSchedule or NoExecute taints: services (inventory, order, shipping, payment, customer) tolerate no taints, so no node can run them, got ["ml"]`,
    },
    {
        name: "the general pool tainted NoExecute",
        mutate: (c) => {
            at(c, "cluster", "nodeGroups", "general").taints = [
                { key: "dedicated", value: "x", effect: "NoExecute" },
            ];
            delete c.karpenter;
        },
        message: `${P}:cluster.nodeGroups must include a node group without NoSchedule or NoExecute taints: services (inventory, order, shipping, payment, customer) tolerate no taints, so no node can run them, got ["general","ml"]`,
    },
    {
        name: "a pod that needs more CPU than a node has",
        mutate: (c) =>
            (at(c, "services", "inventory").resources = {
                requests: { cpu: "3", memory: "128Mi" },
                limits: { cpu: "3", memory: "256Mi" },
            }),
        message: `${P}:services.inventory.resources.requests.cpu must fit on one node: t3.medium in node group general leaves 1.7 vCPU to pods (85% of the node), got "3"`,
    },
    {
        name: "an HPA maximum beyond the pool's maximum, in production",
        stack: "production",
        mutate: (c) => (at(c, "services", "inventory", "autoscaling").maxReplicas = 100),
        message: `${P}:cluster.nodeGroups.general.maxSize must let node group general hold its workloads at maximum replicas (inventory 100 x, order 20 x, shipping 10 x): they request 37.5 vCPU / 37.5 GiB, 10 x t3.xlarge hold 34.0 vCPU / 136.0 GiB; raise maxSize, use larger instance types or lower the maximum replicas, got 10`,
    },
    {
        name: "fixed model replicas beyond the GPU pool's GPUs, in production",
        stack: "production",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction", "model").replicas = 5),
        message: `${P}:cluster.nodeGroups.gpu.desiredSize must start the GPU nodes the GPU workloads' first replicas need: g5.xlarge has 1 GPU per node and ml-prediction 5 x 1 GPU needs 5 (5 nodes); raise desiredSize (and maxSize) to at least 5, or lower the replicas, so the first \`pulumi up\` does not wait on Cluster Autoscaler for GPU nodes, got 3\n${P}:cluster.nodeGroups.gpu.maxSize must let node group gpu hold its workloads at maximum replicas (ml-prediction 5 x): they request 5.0 vCPU / 10.0 GiB / 5 GPU, 4 x g5.xlarge hold 13.6 vCPU / 54.4 GiB / 4 GPU; raise maxSize, use larger instance types or lower the maximum replicas, got 4`,
    },
    {
        name: "more GPUs per pod than the instance type has",
        stack: "production",
        mutate: (c) => {
            at(c, "mlWorkloads", "ml-prediction").gpu = 2;
            at(c, "mlWorkloads", "ml-prediction", "model").replicas = 2;
        },
        message: `${P}:mlWorkloads.ml-prediction.gpu must not exceed the GPUs of one node: g5.xlarge in node group gpu has 1 (schemas/instance-types.ts), got 2`,
    },
    {
        name: "gpu: true on an instance type without GPUs",
        stack: "production",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "gpu").instanceTypes = ["m5.xlarge"]),
        message: `${P}:cluster.nodeGroups.gpu.instanceTypes[0] has no GPUs, but node group gpu sets gpu: true; use a GPU type such as g5.xlarge or set gpu: false, got "m5.xlarge"`,
    },
    {
        name: "an instance type the table does not know",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "general").instanceTypes = ["x9.huge"]),
        message: `${P}:cluster.nodeGroups.general.instanceTypes[0] must be an instance type of schemas/instance-types.ts (add a row from the EC2 instance type specifications to use another), got "x9.huge"`,
    },
    {
        name: "a zero CPU request",
        mutate: (c) => (at(c, "services", "inventory", "resources", "requests").cpu = "0"),
        message: `${P}:services.inventory.resources.requests.cpu ${ZERO}, got "0"`,
    },
    {
        name: "a zero memory request on a model server",
        mutate: (c) =>
            (at(c, "mlWorkloads", "ml-prediction", "resources", "requests").memory = "0Mi"),
        message: `${P}:mlWorkloads.ml-prediction.resources.requests.memory ${ZERO}, got "0Mi"`,
    },
    {
        name: "a zero CPU limit",
        mutate: (c) => {
            at(c, "services", "inventory", "resources", "requests").cpu = "0m";
            at(c, "services", "inventory", "resources", "limits").cpu = "0";
        },
        message: `${P}:services.inventory.resources.requests.cpu ${ZERO}, got "0m"\n${P}:services.inventory.resources.limits.cpu ${ZERO}, got "0"`,
    },
    {
        name: "a negative VPA bound",
        mutate: (c) => (at(c, "mlWorkloads", "ml-prediction", "vpa", "minAllowed").cpu = "-250m"),
        message: `${P}:mlWorkloads.ml-prediction.vpa.minAllowed.cpu must be a positive quantity (a VPA bound of 0 or less lets it size the pod to nothing), got "-250m"`,
    },
];

describe("config refuses: IAM that escalates", () => {
    configCases(iamCases, managedGroupsStack);

    it("accepts an escalation action that iam.allow lists with a reason, Deny statements and S3 object paths", () => {
        const raw = managedGroupsStack("staging");
        listAt(iam(raw), "statements", 0, "actions").push("iam:PassRole");
        listAt(iam(raw), "statements").push(
            { effect: "Deny", actions: ["iam:*"], resources: ["*"] },
            { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::orders-bucket/*"] },
        );
        iam(raw).allow = {
            reason: "passes the worker role to Batch jobs",
            actions: ["iam:PassRole"],
        };
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.deepStrictEqual(c.services.order.iam?.allow?.actions, ["iam:PassRole"]);
    });
});

describe("config refuses: capacity that cannot work", () => {
    configCases(capacity, managedGroupsStack);

    it("warns instead of failing outside production when replicas outgrow the pool", () => {
        const raw = managedGroupsStack("staging");
        at(raw, "services", "inventory").replicas = 100;
        at(raw, "services", "order").replicas = 100;
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.deepStrictEqual(configWarnings(c), [
            `${P}:cluster.nodeGroups.general.maxSize must let node group general hold its workloads at maximum replicas (inventory 100 x, order 100 x, shipping 2 x): they request 20.6 vCPU / 25.8 GiB, 6 x t3.medium hold 10.2 vCPU / 20.4 GiB; raise maxSize, use larger instance types or lower the maximum replicas (a warning outside production), got 6`,
            `${P}:cluster.nodeGroups.general.maxSize must give node group general the pod slots of its maximum: t3.medium holds at most 17 pods per node (VPC CNI: 3 ENIs x (6 IPv4 addresses - 1) + 2), so 6 nodes hold 102, but 6 DaemonSet pods per node and 206 pods at maximum replicas (inventory 100 x, order 100 x, shipping 2 x, payment 2 x, customer 2 x) need 242; raise maxSize or use an instance type with more ENIs (a warning outside production), got 6`,
        ]);
    });

    it("has no warnings for the committed stacks", () => {
        for (const stack of ["staging", "production"]) {
            assert.deepStrictEqual(
                configWarnings(parsePlatformConfig(managedGroupsStack(stack), stackContext(stack))),
                [],
            );
        }
    });
});
