/**
 * Refused by class: network and region facts (zones, region, CIDR blocks, the EKS version window) and
 * mesh facts (Istio's ports, timeouts, the mesh in production, mount paths).
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { supportedEksVersions } from "../../schemas/aws-facts";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const SIZE =
    "must be a /16 to /22 block (AWS allows /16 to /28 for a VPC; the subnet plan carves 6 private and 6 public subnets, the public ones 6 bits longer than the VPC, so at most /22)";
const WINDOW = (day: string, versions: string) =>
    `must be a version EKS supports on ${day} (${versions}; release calendar in schemas/aws-facts.ts, checked 2026-11-24)`;
const MOUNT =
    "must not be / or a system directory (the mount would hide the image's files there); use a directory of the app such as /app/config";
const ISTIO_PORTS = "must not be in 15000-15090 (ports the Istio sidecar uses in every pod)";

const network: ConfigCase[] = [
    {
        name: "a zone outside the stack's region",
        mutate: (c) => (at(c, "cluster", "vpc").availabilityZones = ["us-west-2a", "us-east-1b"]),
        message: `${P}:cluster.vpc.availabilityZones[1] must be a zone of the stack's region us-west-2 (aws:region), like us-west-2a, got "us-east-1b"`,
    },
    {
        name: "an unknown region",
        mutate: () => undefined,
        context: { region: "us-west-9" },
        message: `aws:region must be an AWS region where EKS runs, like us-west-2 or eu-west-1 (the list and its source are in schemas/aws-facts.ts), got "us-west-9"`,
    },
    {
        name: "no region at all",
        mutate: () => undefined,
        context: { region: null },
        message: `aws:region must be set in the stack file (pulumi config set aws:region <region>) or in AWS_REGION, got nothing`,
    },
    {
        name: "a VPC block with host bits set",
        mutate: (c) => (at(c, "cluster", "vpc").cidrBlock = "10.10.0.1/16"),
        message: `${P}:cluster.vpc.cidrBlock must be a network address with no host bits set (did you mean 10.10.0.0/16?), got "10.10.0.1/16"`,
    },
    {
        name: "a VPC block larger than AWS allows",
        mutate: (c) => (at(c, "cluster", "vpc").cidrBlock = "10.0.0.0/8"),
        message: `${P}:cluster.vpc.cidrBlock ${SIZE}, got "10.0.0.0/8"`,
    },
    {
        name: "a VPC block too small for the subnet plan",
        mutate: (c) => (at(c, "cluster", "vpc").cidrBlock = "10.0.0.0/24"),
        message: `${P}:cluster.vpc.cidrBlock ${SIZE}, got "10.0.0.0/24"`,
    },
    {
        name: "a public VPC block",
        mutate: (c) => (at(c, "cluster", "vpc").cidrBlock = "8.8.0.0/16"),
        message: `${P}:cluster.vpc.cidrBlock must lie in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16), got "8.8.0.0/16"`,
    },
    {
        name: "an endpoint CIDR with host bits set",
        mutate: (c) => (at(c, "cluster", "endpoint").publicAccessCidrs = ["203.0.113.7/24"]),
        message: `${P}:cluster.endpoint.publicAccessCidrs[0] must be a network address with no host bits set (did you mean 203.0.113.0/24?), got "203.0.113.7/24"`,
    },
    {
        name: "more zones than the subnet plan holds",
        mutate: (c) =>
            (at(c, "cluster", "vpc").availabilityZones = ["a", "b", "c", "d", "e", "f", "g"].map(
                (z) => `us-west-2${z}`,
            )),
        message: `${P}:cluster.vpc.availabilityZones must list at most 6 zones (the subnet plan has room for 6), got ["us-west-2a","us-west-2b","us-west-2c","us-west-2d","us-west-2e","us-west-2f...`,
    },
    {
        name: "a Kubernetes version past EKS extended support",
        mutate: (c) => {
            at(c, "cluster").kubernetesVersion = "1.30";
            at(c, "addons", "clusterAutoscaler").imageTag = "v1.30.0";
        },
        message: `${P}:cluster.kubernetesVersion ${WINDOW("2026-11-24", "1.31, 1.32, 1.33, 1.34, 1.35")}, got "1.30"`,
    },
    {
        name: "a Kubernetes version EKS does not offer yet",
        mutate: (c) => {
            at(c, "cluster").kubernetesVersion = "1.36";
            at(c, "addons", "clusterAutoscaler").imageTag = "v1.36.0";
        },
        message: `${P}:cluster.kubernetesVersion ${WINDOW("2026-11-24", "1.31, 1.32, 1.33, 1.34, 1.35")}, got "1.36"`,
    },
    {
        name: "1.33 on the day its extended support ends",
        mutate: (c) => {
            at(c, "cluster").kubernetesVersion = "1.33";
            delete at(c, "addons", "clusterAutoscaler").imageTag;
        },
        context: { today: "2027-07-29" },
        message: `${P}:cluster.kubernetesVersion ${WINDOW("2027-07-29", "1.34, 1.35")}, got "1.33"`,
    },
];

const mesh: ConfigCase[] = [
    {
        name: "an app port the Istio proxy uses",
        mutate: (c) => (at(c, "services", "inventory").ports = { http: 15001 }),
        message: `${P}:services.inventory.ports.http ${ISTIO_PORTS}, got 15001`,
    },
    {
        name: "a gRPC port on Envoy's metrics port",
        mutate: (c) => (at(c, "services", "inventory").ports = { http: 8080, grpc: 15090 }),
        message: `${P}:services.inventory.ports.grpc ${ISTIO_PORTS}, got 15090`,
    },
    {
        name: "a zero route timeout",
        mutate: (c) => (at(c, "mesh", "services", "inventory").timeout = "0s"),
        message: `${P}:mesh.services.inventory.timeout must be at least 1ms (Istio refuses shorter durations, and Envoy would read a zero timeout as no timeout), like 500ms, 1.5s or 1h30m, got "0s"`,
    },
    {
        name: "a negative route timeout",
        mutate: (c) => (at(c, "mesh", "services", "inventory").timeout = "-1s"),
        message: `${P}:mesh.services.inventory.timeout must be at least 1ms (Istio refuses shorter durations, and Envoy would read a zero timeout as no timeout), like 500ms, 1.5s or 1h30m, got "-1s"`,
    },
    {
        name: "a route timeout below Istio's millisecond precision",
        mutate: (c) => (at(c, "mesh", "services", "inventory").timeout = "1.5ms"),
        message: `${P}:mesh.services.inventory.timeout must be whole milliseconds (Istio supports durations to ms precision only), like 1500ms or 1.5s, got "1.5ms"`,
    },
    {
        name: "a fault delay in days",
        mutate: (c) =>
            (at(c, "mesh", "services", "inventory").faultInjection = {
                delay: { percentage: 10, fixedDelay: "1d" },
            }),
        message: `${P}:mesh.services.inventory.faultInjection.delay.fixedDelay must be a duration of at least 1ms in whole milliseconds, written as Go durations are (numbers with units h, m, s, ms, us (or µs), ns, like 500ms, 1.5s or 1h30m) (Go reports: unknown unit in duration), got "1d"`,
    },
    {
        name: "a zero per-try timeout",
        mutate: (c) => (at(c, "mesh", "services", "inventory").retries = { perTryTimeout: "0ms" }),
        message: `${P}:mesh.services.inventory.retries.perTryTimeout must be at least 1ms (Istio refuses shorter durations, and Envoy would read a zero timeout as no timeout), like 500ms, 1.5s or 1h30m, got "0ms"`,
    },
    {
        name: "the mesh off in production",
        stack: "production",
        mutate: (c) => {
            at(c, "addons").istio = { enabled: false };
            at(c, "addons", "tracing").enabled = false; // refused without Istio too (observability's rule)
            at(c, "ingress").enabled = false; // refused without Istio too (the ingress rule)
            Object.keys(at(c, "services")).forEach((name) => delete at(c, "services", name).expose);
        },
        message: `${P}:addons.istio.enabled must be true in production (strict mTLS and mesh authorization are mandatory there, and every workload gets Istio policy), got false`,
    },
    {
        name: "the mesh off while workloads get mesh policy",
        mutate: (c) => {
            at(c, "addons").istio = { enabled: false };
            at(c, "addons", "tracing").enabled = false; // refused without Istio too (observability's rule)
            at(c, "ingress").enabled = false; // refused without Istio too (the ingress rule)
            Object.keys(at(c, "services")).forEach((name) => delete at(c, "services", name).expose);
        },
        message: `${P}:addons.istio.enabled must be true while services or mlWorkloads are declared (every workload gets Istio mesh policy, whose CRDs this add-on installs), got false`,
    },
    ...["/", "/etc/", "/proc/sys", "/var/run/secrets/kubernetes.io"].map((path): ConfigCase => ({
        name: `config mounted over ${path}`,
        mutate: (c) => (at(c, "services", "inventory").configMountPath = path),
        message: `${P}:services.inventory.configMountPath ${MOUNT}, got "${path}"`,
    })),
    {
        name: "a mount path that climbs out with ..",
        mutate: (c) => (at(c, "services", "inventory").configMountPath = "/app/../etc"),
        message: `${P}:services.inventory.configMountPath must not contain '..', got "/app/../etc"`,
    },
];

describe("config refuses: network and region facts", () => {
    configCases(network);

    it("derives the version window from the calendar table", () => {
        assert.deepStrictEqual(supportedEksVersions("2026-11-24"), [
            "1.31",
            "1.32",
            "1.33",
            "1.34",
            "1.35",
        ]);
        assert.deepStrictEqual(supportedEksVersions("2026-11-26"), [
            "1.32",
            "1.33",
            "1.34",
            "1.35",
        ]);
    });
});

describe("config refuses: mesh facts", () => {
    configCases(mesh);

    it("accepts an app directory under /etc", () => {
        const raw = rawStack("staging");
        at(raw, "services", "inventory").configMountPath = "/etc/inventory";
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.strictEqual(c.services.inventory.configMountPath, "/etc/inventory");
    });

    it("accepts timeouts written as Istio reads them (1h30m, 1.5s, 500ms) and compares them by value", () => {
        const raw = rawStack("staging");
        at(raw, "mesh", "services", "inventory").timeout = "1h30m";
        at(raw, "mesh", "services", "inventory").retries = { perTryTimeout: "1.5s" };
        at(raw, "mesh", "services", "inventory").faultInjection = {
            delay: { percentage: 5, fixedDelay: "500ms" },
        };
        const c = parsePlatformConfig(raw, stackContext("staging"));
        const m = c.mesh.services.inventory;
        assert.deepStrictEqual(
            [m.timeout, m.retries.perTryTimeout, m.faultInjection?.delay?.fixedDelay],
            ["1h30m", "1.5s", "500ms"],
        );
        at(raw, "mesh", "services", "inventory").timeout = "1s";
        assert.throws(
            () => parsePlatformConfig(raw, stackContext("staging")),
            (e: Error) =>
                e.message.includes(
                    `${P}:mesh.services.inventory.retries.perTryTimeout must not exceed the route timeout (1s), got "1.5s"`,
                ),
        );
    });
});
