import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack } from "../helpers/config";

const P = "supply-chain-platform";

/** The `ingress` key, `services.<name>.expose` and the load balancer controller add-on. */
const cases: ConfigCase[] = [
    {
        name: "two services exposing the same host and path",
        mutate: (c) =>
            (at(c, "services", "order").expose = {
                host: "api.internal",
                pathPrefix: "/inventory",
            }),
        message: `${P}:services.order.expose.pathPrefix must differ from services.inventory.expose.pathPrefix on host api.internal (each route goes to one service), got "/inventory"`,
    },
    {
        name: "a path that does not start with /",
        mutate: (c) => (at(c, "services", "order", "expose").pathPrefix = "orders"),
        message: `${P}:services.order.expose.pathPrefix must be a path starting with / like /inventory (letters, digits, . _ ~ - per segment; no trailing /), got "orders"`,
    },
    {
        name: "a path with a trailing slash",
        mutate: (c) => (at(c, "services", "order", "expose").pathPrefix = "/orders/"),
        message: `${P}:services.order.expose.pathPrefix must be a path starting with / like /inventory (letters, digits, . _ ~ - per segment; no trailing /), got "/orders/"`,
    },
    {
        name: "a host that is not a DNS name",
        mutate: (c) => (at(c, "services", "order", "expose").host = "http://api.internal"),
        message: `${P}:services.order.expose.host must be a lowercase DNS name like api.internal, got "http://api.internal"`,
    },
    {
        name: "a host with an underscore",
        mutate: (c) => (at(c, "services", "order", "expose").host = "api_internal"),
        message: `${P}:services.order.expose.host must be a lowercase DNS name like api.internal, got "api_internal"`,
    },
    {
        name: "internet-facing without TLS in production",
        stack: "production",
        mutate: (c) => (at(c, "ingress").scheme = "internet-facing"),
        message: `${P}:ingress.tls must set certificateArn (an ACM certificate) when ingress.scheme is internet-facing in production, got nothing`,
    },
    {
        name: "the gateway's own /health path taken by a service",
        mutate: (c) => (at(c, "services", "customer", "expose").pathPrefix = "/health"),
        message: `${P}:services.customer.expose.pathPrefix must not be /health or below it (the gateway answers /health itself), got "/health"`,
    },
    {
        name: "a host outside the private DNS zone",
        mutate: (c) => (at(c, "services", "customer", "expose").host = "api.example.com"),
        message: `${P}:services.customer.expose.host must be inside ingress.dns.zone (internal) so its record can be created, got "api.example.com"`,
    },
    {
        name: "an exposed service while the ingress is off",
        mutate: (c) => {
            at(c, "ingress").enabled = false;
            for (const name of ["inventory", "order", "shipping", "payment"]) {
                delete at(c, "services", name).expose;
            }
        },
        message: `${P}:services.customer.expose requires ingress.enabled: true (the gateway that routes to it), got {"host":"api.internal","pathPrefix":"/customers"}`,
    },
    ...(["staging", "production"] as const).map((stack): ConfigCase => ({
        name: `one gateway replica in ${stack}`,
        stack,
        mutate: (c) => (at(c, "ingress", "replicas").min = 1),
        message: `${P}:ingress.replicas.min must be >= 2 (one gateway pod is a single point of failure for all traffic in, and no disruption budget keeps one pod serving through a node drain), got 1`,
    })),
    {
        name: "the ingress without the load balancer controller",
        mutate: (c) => (at(c, "addons").awsLoadBalancerController = { enabled: false }),
        message: `${P}:ingress.enabled requires addons.awsLoadBalancerController.enabled (it creates the load balancer), got true`,
    },
    {
        name: "a controller version other than the stored IAM policy's",
        mutate: (c) => {
            at(c, "addons", "awsLoadBalancerController").version = "3.4.3";
            // The version matrix's own refusal is allowed here, leaving the IAM-policy rule alone.
            at(c, "cluster", "versionAllowances").awsLoadBalancerController = {
                reason: "testing the controller IAM policy rule on its own",
            };
        },
        message: `${P}:addons.awsLoadBalancerController.version must be 3.5.0: the controller's IAM policy in components/addons/load-balancer-controller/data is upstream's for v3.5.0 (update both together), got "3.4.3"`,
    },
    {
        name: "a certificate that is not an ACM ARN",
        stack: "production",
        mutate: (c) =>
            Object.assign(at(c, "ingress"), {
                scheme: "internet-facing",
                tls: { certificateArn: "arn:aws:iam::111122223333:server-certificate/api" },
            }),
        message: `${P}:ingress.tls.certificateArn must be an ACM certificate ARN like arn:aws:acm:us-west-2:111122223333:certificate/<id>, got "arn:aws:iam::111122223333:server-certificate/api"`,
    },
    {
        name: "a certificate of another region",
        stack: "production",
        mutate: (c) =>
            Object.assign(at(c, "ingress"), {
                scheme: "internet-facing",
                tls: {
                    certificateArn:
                        "arn:aws:acm:us-east-1:444455556666:certificate/12345678-1234-1234-1234-123456789012",
                },
            }),
        message: `${P}:ingress.tls.certificateArn must be a certificate of the stack's region us-west-2 (aws:region): a load balancer uses ACM certificates of its own region only, got "arn:aws:acm:us-east-1:444455556666:certificate/12345678-1234-1234-1234-12345...`,
    },
    {
        name: "a source range that is not a CIDR block",
        mutate: (c) => (at(c, "ingress").sourceRanges = ["999.0.0.0/8"]),
        message: `${P}:ingress.sourceRanges[0] must be a valid cidrv4, got "999.0.0.0/8"`,
    },
];

describe("config: ingress and expose", () => {
    configCases(cases);

    it("accepts internet-facing in production with an ACM certificate", () => {
        const raw = rawStack("production");
        Object.assign(at(raw, "ingress"), {
            scheme: "internet-facing",
            tls: {
                certificateArn:
                    "arn:aws:acm:us-west-2:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789",
            },
        });
        assert.strictEqual(parsePlatformConfig(raw).ingress.scheme, "internet-facing");
    });

    it("accepts internet-facing without TLS in staging", () => {
        const raw = rawStack("staging");
        at(raw, "ingress").scheme = "internet-facing";
        assert.strictEqual(parsePlatformConfig(raw).ingress.tls, undefined);
    });

    it("exposes the seed's five services on api.internal, one path each, internal in both stacks", () => {
        for (const stack of ["staging", "production"]) {
            const c = parsePlatformConfig(rawStack(stack));
            assert.strictEqual(c.ingress.scheme, "internal");
            assert.deepStrictEqual(
                Object.fromEntries(
                    Object.entries(c.services).map(([n, s]) => [
                        n,
                        `${s.expose?.host}${s.expose?.pathPrefix}`,
                    ]),
                ),
                {
                    inventory: "api.internal/inventory",
                    order: "api.internal/orders",
                    shipping: "api.internal/shipping",
                    payment: "api.internal/payments",
                    customer: "api.internal/customers",
                },
            );
        }
    });
});
