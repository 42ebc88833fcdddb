import * as assert from "assert";
import fc from "fast-check";

import {
    ConfigError,
    DEFAULT_NODE_GROUPS,
    parsePlatformConfig,
    rawProjectConfig,
} from "../../config";
import { at, listAt } from "../helpers/edit";
import {
    ConfigCase,
    configCases,
    managedGroupsStack,
    rawStack,
    stackContext,
} from "../helpers/config";

const P = "supply-chain-platform";

/** Cluster, add-on and top-level keys. Workload keys: workloads.spec.ts. */
const cases: ConfigCase[] = [
    {
        managedGroups: true,
        name: "ml maxSize below minSize (the issue's example)",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "ml").maxSize = -1),
        message: `${P}:cluster.nodeGroups.ml.maxSize must be >= minSize (0), got -1`,
    },
    {
        managedGroups: true,
        name: "maxSize 0",
        mutate: (c) =>
            Object.assign(at(c, "cluster", "nodeGroups", "ml"), { maxSize: 0, desiredSize: 0 }),
        message: `${P}:cluster.nodeGroups.ml.maxSize must be >= 1, got 0`,
    },
    {
        managedGroups: true,
        name: "desiredSize above maxSize",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "general").desiredSize = 11),
        stack: "production",
        message: `${P}:cluster.nodeGroups.general.desiredSize must be between minSize (3) and maxSize (10), got 11`,
    },
    {
        managedGroups: true,
        name: "negative minSize",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "general").minSize = -2),
        message: `${P}:cluster.nodeGroups.general.minSize must be >= 0, got -2`,
    },
    {
        managedGroups: true,
        name: "fractional minSize",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "general").minSize = 1.5),
        message: `${P}:cluster.nodeGroups.general.minSize must be an integer, got 1.5`,
    },
    {
        managedGroups: true,
        name: "unknown capacity type",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "ml").capacityType = "spot"),
        message: `${P}:cluster.nodeGroups.ml.capacityType must be one of "ON_DEMAND", "SPOT", got "spot"`,
    },
    {
        managedGroups: true,
        name: "no instance types",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "ml").instanceTypes = []),
        message: `${P}:cluster.nodeGroups.ml.instanceTypes must list at least one instance type, got []`,
    },
    {
        managedGroups: true,
        name: "malformed instance type",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "ml").instanceTypes = ["c5 xlarge"]),
        message: `${P}:cluster.nodeGroups.ml.instanceTypes[0] must be an EC2 instance type like t3.medium, got "c5 xlarge"`,
    },
    {
        managedGroups: true,
        name: "unknown taint effect",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "ml", "taints", 0).effect = "NO_SCHEDULE"),
        message: `${P}:cluster.nodeGroups.ml.taints[0].effect must be one of "NoSchedule", "PreferNoSchedule", "NoExecute", got "NO_SCHEDULE"`,
    },
    {
        managedGroups: true,
        name: "typo in a node group key",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "ml").maxsize = 3),
        message: `${P}:cluster.nodeGroups.ml.maxsize is not a known key (did you mean maxSize? allowed: instanceTypes, capacityType, minSize, maxSize, desiredSize, diskSizeGiB, labels, taints, gpu), got a number (not shown)`,
    },
    {
        managedGroups: true,
        name: "node group name not a DNS label",
        mutate: (c) => (at(c, "cluster", "nodeGroups").ML_Pool = at(c, "cluster", "nodeGroups").ml),
        message: `${P}:cluster.nodeGroups.ML_Pool is not a valid key: it must be a lowercase DNS label (a-z, 0-9, '-'), got "ML_Pool"`,
    },
    {
        managedGroups: true,
        name: "disk too small",
        mutate: (c) => (at(c, "cluster", "nodeGroups", "general").diskSizeGiB = 8),
        message: `${P}:cluster.nodeGroups.general.diskSizeGiB must be >= 20, got 8`,
    },
    {
        managedGroups: true,
        name: "bad label value",
        mutate: (c) =>
            (at(c, "cluster", "nodeGroups", "general", "labels").workload = "general purpose"),
        message: `${P}:cluster.nodeGroups.general.labels.workload must be a Kubernetes label value, got "general purpose"`,
    },
    {
        name: "unknown top-level key",
        mutate: (c) => (c.clusters = {}),
        message: `${P}:clusters is not a known key (did you mean cluster? allowed: environment, cluster, addons, namespace, services, mlWorkloads, mesh, ingress, karpenter), got a map of 0 keys (not shown)`,
    },
    {
        name: "unknown cluster key",
        mutate: (c) => (at(c, "cluster").k8sVersion = "1.33"),
        message: `${P}:cluster.k8sVersion is not a known key (allowed: name, kubernetesVersion, upgradePolicy, extendedSupport, versionAllowances, vpc, endpoint, logRetentionDays, admins, nodeGroups, managedAddons, protect), got a string of 4 characters (not shown)`,
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
        mutate: (c) => (at(c, "cluster").kubernetesVersion = "1.33.2"),
        message: `${P}:cluster.kubernetesVersion must be an EKS minor version like 1.33, got "1.33.2"`,
    },
    {
        name: "cluster name with underscore",
        mutate: (c) => (at(c, "cluster").name = "supply_chain"),
        message: `${P}:cluster.name must start with a letter and hold only letters, digits and '-' (max 100), got "supply_chain"`,
    },
    {
        name: "one availability zone",
        mutate: (c) => (at(c, "cluster", "vpc").availabilityZones = ["us-west-2a"]),
        message: `${P}:cluster.vpc.availabilityZones must list at least 2 availability zones when the VPC is created, got ["us-west-2a"]`,
    },
    {
        name: "repeated availability zone",
        mutate: (c) => (at(c, "cluster", "vpc").availabilityZones = ["us-west-2a", "us-west-2a"]),
        message: `${P}:cluster.vpc.availabilityZones must not repeat a zone, got ["us-west-2a","us-west-2a"]`,
    },
    {
        name: "bad VPC CIDR",
        mutate: (c) => (at(c, "cluster", "vpc").cidrBlock = "10.0.0.0/33"),
        message: `${P}:cluster.vpc.cidrBlock must be a valid cidrv4, got "10.0.0.0/33"`,
    },
    {
        name: "existing VPC with one subnet",
        mutate: (c) =>
            Object.assign(at(c, "cluster", "vpc"), {
                existingVpcId: "vpc-0abc",
                existingPrivateSubnetIds: ["subnet-01"],
            }),
        message: `${P}:cluster.vpc.existingPrivateSubnetIds must list at least 2 private subnets (in 2 AZs) when existingVpcId is set, got ["subnet-01"]`,
    },
    {
        name: "subnets without a VPC id",
        mutate: (c) =>
            (at(c, "cluster", "vpc").existingPrivateSubnetIds = ["subnet-01", "subnet-02"]),
        message: `${P}:cluster.vpc.existingVpcId must be set when existing subnet ids are given, got nothing`,
    },
    {
        name: "public endpoint without CIDRs",
        mutate: (c) => (at(c, "cluster", "endpoint").publicAccessCidrs = []),
        message: `${P}:cluster.endpoint.publicAccessCidrs must list the allowed CIDRs when publicAccess is true (EKS would otherwise open 0.0.0.0/0), got []`,
    },
    {
        name: "the whole Internet on the endpoint, in production too",
        stack: "production",
        mutate: (c) =>
            (at(c, "cluster").endpoint = {
                publicAccess: true,
                publicAccessCidrs: ["10.0.0.0/8", "0.0.0.0/0"],
            }),
        message: `${P}:cluster.endpoint.publicAccessCidrs must not admit the whole Internet (these blocks together cover 0.0.0.0/0): list the office, VPN and runner ranges that call the API, or turn publicAccess off, got ["10.0.0.0/8","0.0.0.0/0"]`,
    },
    {
        name: "production without protection",
        stack: "production",
        mutate: (c) => (at(c, "cluster").protect = false),
        message: `${P}:cluster.protect must be true in production (the cluster and its KMS key are protected from deletion), got false`,
    },
    {
        name: "log retention CloudWatch does not offer",
        mutate: (c) => (at(c, "cluster").logRetentionDays = 45),
        message: `${P}:cluster.logRetentionDays must be one of the CloudWatch retention periods 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 45`,
    },
    {
        name: "admin ARN that is not IAM",
        mutate: (c) =>
            (at(c, "cluster", "admins", 0).principalArn =
                "arn:aws:sts::111122223333:assumed-role/x"),
        message: `${P}:cluster.admins[0].principalArn must be an IAM role or user ARN (arn:aws:iam::<account>:role/<path/>name, name 1-64 characters), got "arn:aws:sts::111122223333:assumed-role/x"`,
    },
    {
        name: "two admins with one name (one would silently replace the other)",
        mutate: (c) =>
            listAt(c, "cluster", "admins").push({
                name: "platform-admins",
                principalArn: "arn:aws:iam::111122223333:role/auditors",
            }),
        message: `${P}:cluster.admins[1].name must differ from admins[0].name (one EKS access entry per admin and per principal), got "platform-admins"`,
    },
    {
        name: "one principal given two access entries (EKS refuses the second)",
        mutate: (c) =>
            listAt(c, "cluster", "admins").push({
                name: "break-glass",
                principalArn: "arn:aws:iam::111122223333:role/platform-admins",
            }),
        message: `${P}:cluster.admins[1].principalArn must differ from admins[0].principalArn (one EKS access entry per admin and per principal), got "arn:aws:iam::111122223333:role/platform-admins"`,
    },
    {
        name: "add-on enabled without a chart version",
        mutate: (c) => delete at(c, "addons", "istio").version,
        message: `${P}:addons.istio.version must pin a chart version when the add-on is enabled, got nothing`,
    },
    {
        name: "chart version not a version",
        mutate: (c) => (at(c, "addons", "metricsServer").version = "latest"),
        message: `${P}:addons.metricsServer.version must be a version like 1.2.3, got "latest"`,
    },
    {
        name: "unknown add-on",
        mutate: (c) => (at(c, "addons").certManager = { version: "1.0.0" }),
        message: `${P}:addons.certManager is not a known key (allowed: istio, metricsServer, verticalPodAutoscaler, clusterAutoscaler, nvidiaDevicePlugin, externalSecrets, ebsCsiDriver, monitoring, prometheusAdapter, logging, tracing, awsLoadBalancerController, argoRollouts), got a map of 1 key (not shown)`,
    },
    {
        name: "managed add-on version format",
        mutate: (c) => (at(c, "cluster").managedAddons = { coredns: "1.11" }),
        message: `${P}:cluster.managedAddons.coredns must be an EKS add-on version like v1.11.4-eksbuild.2, got "1.11"`,
    },
    {
        name: "protect not a boolean",
        mutate: (c) => (at(c, "cluster").protect = "yes"),
        message: `${P}:cluster.protect must be a boolean, got "yes"`,
    },
];

describe("config", () => {
    describe("valid stacks", () => {
        it("parses the staging stack's managed node groups (without Karpenter)", () => {
            const c = parsePlatformConfig(managedGroupsStack("staging"));
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
                privateAccessCidrs: ["10.20.0.0/16"],
            });
            assert.strictEqual(c.cluster.protect, true);
            assert.deepStrictEqual(c.cluster.vpc.availabilityZones, [
                "us-west-2a",
                "us-west-2b",
                "us-west-2c",
            ]);
        });

        it("defaults node groups to the seed's general and ml pools", () => {
            const raw = managedGroupsStack("staging");
            delete at(raw, "cluster").nodeGroups;
            assert.deepStrictEqual(
                parsePlatformConfig(raw).cluster.nodeGroups,
                DEFAULT_NODE_GROUPS,
            );
        });

        it("accepts an existing VPC with two private subnets", () => {
            const raw = rawStack("staging");
            at(raw, "cluster").vpc = {
                existingVpcId: "vpc-0abc",
                existingPrivateSubnetIds: ["subnet-01", "subnet-02"],
            };
            assert.strictEqual(parsePlatformConfig(raw).cluster.vpc.existingVpcId, "vpc-0abc");
        });

        it("accepts a disabled add-on without a version", () => {
            const raw = rawStack("staging");
            at(raw, "addons").verticalPodAutoscaler = { enabled: false };
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
        configCases(cases);

        it("lists every problem, one per line", () => {
            const raw = rawStack("staging");
            raw.environment = "dev";
            at(raw, "cluster").protect = 1;
            assert.throws(() => parsePlatformConfig(raw), {
                message: `${P}:environment must be one of "staging", "production", got "dev"\n${P}:cluster.protect must be a boolean, got 1`,
            });
        });
    });
});

describe("cluster admin ARNs", () => {
    const arn = (path: string, name: string) => `arn:aws:iam::111122223333:role${path}/${name}`;
    const segment = fc.stringMatching(/^[\w+=,.@-]{1,10}$/);
    it("takes a role with a path (access entries match the principal, path included)", () => {
        fc.assert(
            fc.property(fc.array(segment, { maxLength: 3 }), segment, (path, name) => {
                const raw = rawStack("staging");
                at(raw, "cluster").admins = [
                    { name: "admins", principalArn: arn(path.map((p) => `/${p}`).join(""), name) },
                ];
                parsePlatformConfig(raw, stackContext("staging"));
            }),
            { numRuns: 50 },
        );
    });
    it("refuses an empty name, an empty path segment or a name over 64 characters", () => {
        for (const bad of [arn("/team", ""), arn("//team", "x"), arn("", "x".repeat(65))]) {
            const raw = rawStack("staging");
            at(raw, "cluster").admins = [{ name: "admins", principalArn: bad }];
            assert.throws(
                () => parsePlatformConfig(raw, stackContext("staging")),
                (e: unknown) =>
                    e instanceof ConfigError &&
                    // Long values are cut in messages: compare up to the value.
                    e.message.startsWith(
                        `${P}:cluster.admins[0].principalArn must be an IAM role or user ARN (arn:aws:iam::<account>:role/<path/>name, name 1-64 characters), got ${JSON.stringify(bad).slice(0, 40)}`,
                    ),
            );
        }
    });
});
