import * as assert from "assert";

import {
    ConfigError,
    DEFAULT_NODE_GROUPS,
    parsePlatformConfig,
    rawProjectConfig,
} from "../../config";
import { rawStack } from "../helpers/config";

type Raw = Record<string, any>;

/** One invalid-config case: a mutation of a valid stack and the exact message it must produce. */
interface Case {
    readonly name: string;
    readonly stack?: "staging" | "production";
    readonly mutate: (c: Raw) => void;
    readonly message: string;
}

const P = "supply-chain-platform";

const cases: Case[] = [
    {
        name: "ml maxSize below minSize (the issue's example)",
        mutate: (c) => (c.cluster.nodeGroups.ml.maxSize = -1),
        message: `${P}:cluster.nodeGroups.ml.maxSize must be >= minSize (0), got -1`,
    },
    {
        name: "maxSize 0",
        mutate: (c) => Object.assign(c.cluster.nodeGroups.ml, { maxSize: 0, desiredSize: 0 }),
        message: `${P}:cluster.nodeGroups.ml.maxSize must be >= 1, got 0`,
    },
    {
        name: "desiredSize above maxSize",
        mutate: (c) => (c.cluster.nodeGroups.general.desiredSize = 11),
        stack: "production",
        message: `${P}:cluster.nodeGroups.general.desiredSize must be between minSize (3) and maxSize (10), got 11`,
    },
    {
        name: "negative minSize",
        mutate: (c) => (c.cluster.nodeGroups.general.minSize = -2),
        message: `${P}:cluster.nodeGroups.general.minSize must be >= 0, got -2`,
    },
    {
        name: "fractional minSize",
        mutate: (c) => (c.cluster.nodeGroups.general.minSize = 1.5),
        message: `${P}:cluster.nodeGroups.general.minSize must be an integer, got 1.5`,
    },
    {
        name: "unknown capacity type",
        mutate: (c) => (c.cluster.nodeGroups.ml.capacityType = "spot"),
        message: `${P}:cluster.nodeGroups.ml.capacityType must be one of "ON_DEMAND", "SPOT", got "spot"`,
    },
    {
        name: "no instance types",
        mutate: (c) => (c.cluster.nodeGroups.ml.instanceTypes = []),
        message: `${P}:cluster.nodeGroups.ml.instanceTypes must list at least one instance type, got []`,
    },
    {
        name: "malformed instance type",
        mutate: (c) => (c.cluster.nodeGroups.ml.instanceTypes = ["c5 xlarge"]),
        message: `${P}:cluster.nodeGroups.ml.instanceTypes[0] must be an EC2 instance type like t3.medium, got "c5 xlarge"`,
    },
    {
        name: "unknown taint effect",
        mutate: (c) => (c.cluster.nodeGroups.ml.taints[0].effect = "NO_SCHEDULE"),
        message: `${P}:cluster.nodeGroups.ml.taints[0].effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute", got "NO_SCHEDULE"`,
    },
    {
        name: "typo in a node group key",
        mutate: (c) => (c.cluster.nodeGroups.ml.maxsize = 3),
        message: `${P}:cluster.nodeGroups.ml.maxsize is not a known key (allowed: instanceTypes, capacityType, minSize, maxSize, desiredSize, diskSizeGiB, labels, taints, gpu), got 3`,
    },
    {
        name: "node group name not a DNS label",
        mutate: (c) => (c.cluster.nodeGroups.ML_Pool = c.cluster.nodeGroups.ml),
        message: `${P}:cluster.nodeGroups.ML_Pool is not a valid key: it must be a lowercase DNS label (a-z, 0-9, '-'), got "ML_Pool"`,
    },
    {
        name: "disk too small",
        mutate: (c) => (c.cluster.nodeGroups.general.diskSizeGiB = 8),
        message: `${P}:cluster.nodeGroups.general.diskSizeGiB must be >= 20, got 8`,
    },
    {
        name: "bad label value",
        mutate: (c) => (c.cluster.nodeGroups.general.labels.workload = "general purpose"),
        message: `${P}:cluster.nodeGroups.general.labels.workload must be a Kubernetes label value, got "general purpose"`,
    },
    {
        name: "unknown top-level key",
        mutate: (c) => (c.clusters = {}),
        message: `${P}:clusters is not a known key (allowed: environment, cluster, addons, namespace, services, mlWorkloads, mesh), got {}`,
    },
    {
        name: "unknown cluster key",
        mutate: (c) => (c.cluster.k8sVersion = "1.33"),
        message: `${P}:cluster.k8sVersion is not a known key (allowed: name, kubernetesVersion, vpc, endpoint, logRetentionDays, admins, nodeGroups, managedAddons, protect), got "1.33"`,
    },
    {
        name: "unknown environment",
        mutate: (c) => (c.environment = "prod"),
        message: `${P}:environment must be one of "staging", "production", got "prod"`,
    },
    {
        name: "missing environment",
        mutate: (c) => delete c.environment,
        message: `${P}:environment must be one of "staging", "production", got nothing`,
    },
    {
        name: "missing cluster",
        mutate: (c) => delete c.cluster,
        message: `${P}:cluster must be an object, got nothing`,
    },
    {
        name: "kubernetes version not a minor",
        mutate: (c) => (c.cluster.kubernetesVersion = "1.33.2"),
        message: `${P}:cluster.kubernetesVersion must be an EKS minor version like 1.33, got "1.33.2"`,
    },
    {
        name: "cluster name with underscore",
        mutate: (c) => (c.cluster.name = "supply_chain"),
        message: `${P}:cluster.name must start with a letter and hold only letters, digits and '-' (max 100), got "supply_chain"`,
    },
    {
        name: "one availability zone",
        mutate: (c) => (c.cluster.vpc.availabilityZones = ["us-west-2a"]),
        message: `${P}:cluster.vpc.availabilityZones must list at least 2 availability zones when the VPC is created, got ["us-west-2a"]`,
    },
    {
        name: "repeated availability zone",
        mutate: (c) => (c.cluster.vpc.availabilityZones = ["us-west-2a", "us-west-2a"]),
        message: `${P}:cluster.vpc.availabilityZones must not repeat a zone, got ["us-west-2a","us-west-2a"]`,
    },
    {
        name: "bad VPC CIDR",
        mutate: (c) => (c.cluster.vpc.cidrBlock = "10.0.0.0/33"),
        message: `${P}:cluster.vpc.cidrBlock must be a valid cidrv4, got "10.0.0.0/33"`,
    },
    {
        name: "existing VPC with one subnet",
        mutate: (c) =>
            Object.assign(c.cluster.vpc, {
                existingVpcId: "vpc-0abc",
                existingPrivateSubnetIds: ["subnet-01"],
            }),
        message: `${P}:cluster.vpc.existingPrivateSubnetIds must list at least 2 private subnets (in 2 AZs) when existingVpcId is set, got ["subnet-01"]`,
    },
    {
        name: "subnets without a VPC id",
        mutate: (c) => (c.cluster.vpc.existingPrivateSubnetIds = ["subnet-01", "subnet-02"]),
        message: `${P}:cluster.vpc.existingVpcId must be set when existing subnet ids are given, got nothing`,
    },
    {
        name: "public endpoint without CIDRs",
        mutate: (c) => (c.cluster.endpoint.publicAccessCidrs = []),
        message: `${P}:cluster.endpoint.publicAccessCidrs must list the allowed CIDRs when publicAccess is true (EKS would otherwise open 0.0.0.0/0), got []`,
    },
    {
        name: "0.0.0.0/0 in production",
        stack: "production",
        mutate: (c) =>
            (c.cluster.endpoint = {
                publicAccess: true,
                publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"],
            }),
        message: `${P}:cluster.endpoint.publicAccessCidrs[1] must not open the API endpoint to the internet in production; list office or VPN ranges, got "0.0.0.0/0"`,
    },
    {
        name: "production without protection",
        stack: "production",
        mutate: (c) => (c.cluster.protect = false),
        message: `${P}:cluster.protect must be true in production (the cluster and its KMS key are protected from deletion), got false`,
    },
    {
        name: "log retention CloudWatch does not offer",
        mutate: (c) => (c.cluster.logRetentionDays = 45),
        message: `${P}:cluster.logRetentionDays must be one of the CloudWatch retention periods 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 45`,
    },
    {
        name: "admin ARN that is not IAM",
        mutate: (c) =>
            (c.cluster.admins[0].principalArn = "arn:aws:sts::111122223333:assumed-role/x"),
        message: `${P}:cluster.admins[0].principalArn must be an IAM role or user ARN, got "arn:aws:sts::111122223333:assumed-role/x"`,
    },
    {
        name: "add-on enabled without a chart version",
        mutate: (c) => delete c.addons.istio.version,
        message: `${P}:addons.istio.version must pin a chart version when the add-on is enabled, got nothing`,
    },
    {
        name: "chart version not a version",
        mutate: (c) => (c.addons.metricsServer.version = "latest"),
        message: `${P}:addons.metricsServer.version must be a version like 1.2.3, got "latest"`,
    },
    {
        name: "unknown add-on",
        mutate: (c) => (c.addons.certManager = { version: "1.0.0" }),
        message: `${P}:addons.certManager is not a known key (allowed: istio, metricsServer, verticalPodAutoscaler, prometheusOperatorCrds, externalSecrets), got {"version":"1.0.0"}`,
    },
    {
        name: "managed add-on version format",
        mutate: (c) => (c.cluster.managedAddons = { coredns: "1.11" }),
        message: `${P}:cluster.managedAddons.coredns must be an EKS add-on version like v1.11.4-eksbuild.2, got "1.11"`,
    },
    {
        name: "protect not a boolean",
        mutate: (c) => (c.cluster.protect = "yes"),
        message: `${P}:cluster.protect must be a boolean, got "yes"`,
    },
    {
        name: "a caller that is not a declared service",
        mutate: (c) => c.services.order.callers.push("billing"),
        message: `${P}:services.order.callers[1] must name a declared service (inventory, order, shipping, payment, customer, ml-prediction), got "billing"`,
    },
    {
        name: "a service that calls itself",
        mutate: (c) => (c.services.order.callers = ["order"]),
        message: `${P}:services.order.callers[0] must not name the service itself, got "order"`,
    },
    {
        name: "autoscaling max below min (the issue's example)",
        stack: "production",
        mutate: (c) => (c.services.order.autoscaling = { minReplicas: 2, maxReplicas: 1 }),
        message: `${P}:services.order.autoscaling.maxReplicas must be >= minReplicas (2), got 1`,
    },
    {
        name: "fixed replicas together with autoscaling",
        stack: "production",
        mutate: (c) => (c.services.order.replicas = 3),
        message: `${P}:services.order.replicas must not be set together with autoscaling (the HPA owns the replica count; set autoscaling.minReplicas), got 3`,
    },
    {
        name: "an image on latest",
        mutate: (c) => (c.services.inventory.image = "registry.example.com/inventory:latest"),
        message: `${P}:services.inventory.image must pin a version tag other than latest, or a digest, got "registry.example.com/inventory:latest"`,
    },
    {
        name: "an untagged image",
        mutate: (c) => (c.services.inventory.image = "registry.example.com/inventory"),
        message: `${P}:services.inventory.image must pin a version tag other than latest, or a digest, got "registry.example.com/inventory"`,
    },
    {
        name: "a memory limit below the request",
        mutate: (c) => (c.services.inventory.resources.limits.memory = "64Mi"),
        message: `${P}:services.inventory.resources.limits.memory must be >= requests.memory (128Mi), got "64Mi"`,
    },
    {
        name: "a malformed cpu quantity",
        mutate: (c) => (c.services.inventory.resources.requests.cpu = "100 m"),
        message: `${P}:services.inventory.resources.requests.cpu must be a Kubernetes quantity like 500m, 1 or 256Mi, got "100 m"`,
    },
    {
        name: "missing resources",
        mutate: (c) => delete c.services.inventory.resources,
        message: `${P}:services.inventory.resources must be an object, got nothing`,
    },
    {
        name: "a wildcard IAM action without a reason",
        mutate: (c) => (c.services.order.iam.statements[0].actions = ["sqs:*"]),
        message: `${P}:services.order.iam.statements[0].actions must name actions (no * or service:*) unless allowWildcard.reason explains why, got ["sqs:*"]`,
    },
    {
        name: "a wildcard IAM resource without a reason",
        mutate: (c) => (c.services.order.iam.statements[0].resources = ["*"]),
        message: `${P}:services.order.iam.statements[0].resources must name resources (no *) unless allowWildcard.reason explains why, got ["*"]`,
    },
    {
        name: "a secret key reaching into another path",
        mutate: (c) => (c.services.inventory.secrets.DATABASE_URL.key = "../order/database"),
        message: `${P}:services.inventory.secrets.DATABASE_URL.key must be a secret name under the service's own path (no /), got "../order/database"`,
    },
    {
        name: "a typo in a service key",
        mutate: (c) => (c.services.inventory.replica = 2),
        message: `${P}:services.inventory.replica is not a known key (allowed: image, version, replicas, autoscaling, resources, ports, probes, callers, config, configMountPath, secrets, iam, automountServiceAccountToken, terminationGracePeriodSeconds, preStopSleepSeconds), got 2`,
    },
    {
        name: "a config name that is not an env var",
        mutate: (c) => (c.services.inventory.config["log-level"] = "x"),
        message: `${P}:services.inventory.config.log-level is not a valid key: it must be an environment variable name (A-Z, 0-9, _), got "log-level"`,
    },
    {
        name: "a mesh rule for a caller the service does not declare",
        mutate: (c) => (c.mesh.services.inventory.rules.payment = { methods: ["GET"] }),
        message: `${P}:mesh.services.inventory.rules.payment is not one of services.inventory.callers (order, ml-prediction), got "payment"`,
    },
    {
        name: "mesh intents for an undeclared service",
        mutate: (c) => (c.mesh.services.billing = {}),
        message: `${P}:mesh.services.billing is not a declared service (inventory, order, shipping, payment, customer, ml-prediction), got "billing"`,
    },
    {
        name: "a canary weight above 100",
        mutate: (c) => (c.mesh.services.inventory.canary = { version: "v1.4.0", weight: 120 }),
        message: `${P}:mesh.services.inventory.canary.weight must be between 0 and 100, got 120`,
    },
    {
        name: "a canary without a subset version",
        mutate: (c) => (c.mesh.services.inventory.canary = { weight: 10 }),
        message: `${P}:mesh.services.inventory.canary.version must name the canary subset's version label, got nothing`,
    },
    {
        name: "a per-try timeout longer than the route timeout",
        mutate: (c) => (c.mesh.services.inventory.timeout = "1s"),
        message: `${P}:mesh.services.inventory.retries.perTryTimeout must not exceed the route timeout (1s), got "2s"`,
    },
    {
        name: "fault injection in production",
        stack: "production",
        mutate: (c) =>
            (c.mesh.services.inventory.faultInjection = {
                delay: { percentage: 0.1, fixedDelay: "5s" },
            }),
        message: `${P}:mesh.services.inventory.faultInjection must not be set in production (chaos testing runs in staging), got {"delay":{"percentage":0.1,"fixedDelay":"5s"}}`,
    },
    {
        name: "a PERMISSIVE migration window in production",
        stack: "production",
        mutate: (c) =>
            (c.mesh.migrationWindow = { until: "2026-12-31", reason: "monolith cut-over" }),
        message: `${P}:mesh.migrationWindow must not be set in production (PERMISSIVE mTLS is never allowed there), got {"until":"2026-12-31","reason":"monolith cut-over"}`,
    },
    {
        name: "an invalid HTTP method",
        mutate: (c) => (c.mesh.services.inventory.rules.order.methods = ["FETCH"]),
        message: `${P}:mesh.services.inventory.rules.order.methods[0] must be one of "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", got "FETCH"`,
    },
    {
        name: "a GPU model on a CPU-only pool (the seed's contradiction)",
        mutate: (c) => (c.mlWorkloads["ml-prediction"].gpu = 1),
        message: `${P}:mlWorkloads.ml-prediction.gpu requests GPUs but node group ml has none (gpu: false); add a GPU node group (gpu: true) or set gpu: 0, got 1`,
    },
    {
        name: "a GPU model on the ML pool when a GPU pool exists",
        stack: "production",
        mutate: (c) => (c.mlWorkloads["ml-prediction"].nodeGroup = "ml"),
        message: `${P}:mlWorkloads.ml-prediction.gpu requests GPUs but node group ml has none (gpu: false); use nodeGroup gpu, got 1`,
    },
    {
        name: "an unknown node group",
        mutate: (c) => (c.mlWorkloads["ml-prediction"].nodeGroup = "gpus"),
        message: `${P}:mlWorkloads.ml-prediction.nodeGroup must name a node group of cluster.nodeGroups (general, ml), got "gpus"`,
    },
    {
        name: "model replicas above 10",
        mutate: (c) => (c.mlWorkloads["ml-prediction"].model.replicas = 11),
        message: `${P}:mlWorkloads.ml-prediction.model.replicas must be <= 10, got 11`,
    },
    {
        name: "an unknown framework",
        mutate: (c) => (c.mlWorkloads["ml-prediction"].model.framework = "keras"),
        message: `${P}:mlWorkloads.ml-prediction.model.framework must be one of "tensorflow", "pytorch", "sklearn", got "keras"`,
    },
    {
        name: "a VPA minimum above its maximum",
        mutate: (c) => (c.mlWorkloads["ml-prediction"].vpa.minAllowed.memory = "16Gi"),
        message: `${P}:mlWorkloads.ml-prediction.vpa.minAllowed.memory must be <= vpa.maxAllowed.memory (4Gi), got "16Gi"`,
    },
    {
        name: "VPA Auto with a cpu HPA",
        stack: "production",
        mutate: (c) =>
            (c.mlWorkloads["ml-prediction"].autoscaling = {
                minReplicas: 2,
                maxReplicas: 6,
                cpuUtilization: 70,
            }),
        message: `${P}:mlWorkloads.ml-prediction.autoscaling must not scale on cpu or memory while vpa.updateMode is Auto (the HPA and the VPA would fight); scale on requestsPerSecond or set vpa.updateMode Off/Initial, got {"minReplicas":2,"maxReplicas":6,"cpuUtilization":70}`,
    },
];

describe("config", () => {
    describe("valid stacks", () => {
        it("parses the staging stack with the seed's node groups", () => {
            const c = parsePlatformConfig(rawStack("staging"));
            assert.strictEqual(c.environment, "staging");
            assert.deepStrictEqual(c.cluster.nodeGroups.ml.taints, [
                { key: "workload", value: "ml", effect: "NoSchedule" },
            ]);
            assert.deepStrictEqual(c.cluster.nodeGroups.ml.labels, { workload: "ml-processing" });
            assert.strictEqual(c.cluster.nodeGroups.ml.capacityType, "SPOT");
            assert.strictEqual(
                c.addons.externalSecrets.repository,
                "https://charts.external-secrets.io",
            );
        });

        it("parses the production stack: private endpoint, protection, three zones", () => {
            const c = parsePlatformConfig(rawStack("production"));
            assert.deepStrictEqual(c.cluster.endpoint, {
                publicAccess: false,
                publicAccessCidrs: [],
            });
            assert.strictEqual(c.cluster.protect, true);
            assert.deepStrictEqual(c.cluster.vpc.availabilityZones, [
                "us-west-2a",
                "us-west-2b",
                "us-west-2c",
            ]);
        });

        it("defaults node groups to the seed's general and ml pools", () => {
            const raw = rawStack("staging");
            delete raw.cluster.nodeGroups;
            assert.deepStrictEqual(
                parsePlatformConfig(raw).cluster.nodeGroups,
                DEFAULT_NODE_GROUPS,
            );
        });

        it("accepts an existing VPC with two private subnets", () => {
            const raw = rawStack("staging");
            raw.cluster.vpc = {
                existingVpcId: "vpc-0abc",
                existingPrivateSubnetIds: ["subnet-01", "subnet-02"],
            };
            assert.strictEqual(parsePlatformConfig(raw).cluster.vpc.existingVpcId, "vpc-0abc");
        });

        it("accepts a disabled add-on without a version", () => {
            const raw = rawStack("staging");
            raw.addons.verticalPodAutoscaler = { enabled: false };
            assert.strictEqual(
                parsePlatformConfig(raw).addons.verticalPodAutoscaler.enabled,
                false,
            );
        });

        it("reads only this project's keys from the flat Pulumi config", () => {
            assert.deepStrictEqual(
                rawProjectConfig({
                    "aws:region": "us-west-2",
                    [`${P}:environment`]: "staging",
                    [`${P}:cluster`]: '{"name":"x"}',
                }),
                { environment: "staging", cluster: { name: "x" } },
            );
        });
    });

    describe("invalid values", () => {
        for (const c of cases) {
            it(`fails: ${c.name}`, () => {
                const raw = rawStack(c.stack ?? "staging");
                c.mutate(raw);
                assert.throws(
                    () => parsePlatformConfig(raw),
                    (e: unknown) => {
                        assert.ok(
                            e instanceof ConfigError,
                            "a ConfigError (printed by Pulumi without a stack trace)",
                        );
                        assert.strictEqual(e.message, c.message);
                        return true;
                    },
                );
            });
        }

        it("lists every problem, one per line", () => {
            const raw = rawStack("staging");
            raw.environment = "dev";
            raw.cluster.protect = 1;
            assert.throws(() => parsePlatformConfig(raw), {
                message: `${P}:environment must be one of "staging", "production", got "dev"\n${P}:cluster.protect must be a boolean, got 1`,
            });
        });
    });
});
