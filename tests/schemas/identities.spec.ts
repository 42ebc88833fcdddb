/**
 * Principle 6, the platform's own identities are reserved: the mesh trust domain is one Istio and
 * SPIFFE accept, no user-chosen namespace is an add-on's or the cluster's, and the mesh admin is a
 * dedicated service account.
 */
import * as assert from "assert";
import fc from "fast-check";

import { parsePlatformConfig } from "../../config";
import { PLATFORM_NAMESPACES, trustDomain } from "../../schemas/identities";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const TD =
    "must be a trust domain like cluster.local or prod.example.com: dot-separated DNS labels (a-z, 0-9 and '-', each starting and ending with a letter or digit, at most 63 characters), at most 255 characters in all (Istio's and SPIFFE's rules)";
const RESERVED = `must not be a namespace the platform or Kubernetes owns (istio-system, istio-cni, monitoring, monitoring-node-exporter, logging, tracing, external-secrets, argo-rollouts, nvidia-device-plugin, kube-system, kube-public, kube-node-lease, default, kube-*)`;
const ADMIN_DEFAULT =
    "must be a dedicated service account, not default (every pod of the namespace without its own account runs as default and would be allowed every method on every service)";

const mesh = (c: Record<string, unknown>) => at(c, "mesh");

describe("config: reserved identities (principle 6)", () => {
    configCases([
        {
            name: "a trust domain with an underscore (SPIFFE allows it, Istio's DNS labels do not)",
            mutate: (c) => (mesh(c).trustDomain = "prod_mesh.local"),
            message: `${P}:mesh.trustDomain ${TD}, got "prod_mesh.local"`,
        },
        {
            name: "a trust domain with an empty label",
            mutate: (c) => (mesh(c).trustDomain = "cluster..local"),
            message: `${P}:mesh.trustDomain ${TD}, got "cluster..local"`,
        },
        {
            name: "a trust domain given as a SPIFFE URI",
            mutate: (c) => (mesh(c).trustDomain = "spiffe://cluster.local"),
            message: `${P}:mesh.trustDomain ${TD}, got "spiffe://cluster.local"`,
        },
        {
            name: "a trust domain label ending in a dash",
            mutate: (c) => (mesh(c).trustDomain = "mesh-.example.com"),
            message: `${P}:mesh.trustDomain ${TD}, got "mesh-.example.com"`,
        },
        {
            name: "the app namespace is an add-on's (Fluent Bit's)",
            mutate: (c) => (c.namespace = "logging"),
            message: `${P}:namespace ${RESERVED}, got "logging"`,
        },
        {
            name: "the app namespace is the node-exporter's",
            mutate: (c) => (c.namespace = "monitoring-node-exporter"),
            message: `${P}:namespace ${RESERVED}, got "monitoring-node-exporter"`,
        },
        {
            name: "the gateway namespace is istiod's",
            mutate: (c) => (at(c, "ingress").namespace = "istio-system"),
            message: `${P}:ingress.namespace ${RESERVED}, got "istio-system"`,
        },
        {
            name: "the gateway namespace is the app namespace",
            mutate: (c) => (at(c, "ingress").namespace = "supply-chain"),
            message: `${P}:ingress.namespace must differ from namespace (supply-chain): the gateway's namespace has its own Pod Security level and injection, the services' their NetworkPolicies, got "supply-chain"`,
        },
        {
            name: "the mesh admin is the default service account",
            mutate: (c) => (mesh(c).adminServiceAccount = "default"),
            message: `${P}:mesh.adminServiceAccount ${ADMIN_DEFAULT}, got "default"`,
        },
        {
            name: "the mesh admin is a service's own account",
            mutate: (c) => (mesh(c).adminServiceAccount = "order"),
            message: `${P}:mesh.adminServiceAccount must be a dedicated service account, not the one workload order runs as (its pods would be allowed every method on every service), got "order"`,
        },
        {
            name: "the mesh admin is a model server's account",
            mutate: (c) => (mesh(c).adminServiceAccount = "ml-prediction"),
            message: `${P}:mesh.adminServiceAccount must be a dedicated service account, not the one workload ml-prediction runs as (its pods would be allowed every method on every service), got "ml-prediction"`,
        },
    ] satisfies ConfigCase[]);

    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/);
    const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join("."));

    it("accepts every trust domain of DNS-1123 labels up to 255 characters", () => {
        fc.assert(
            fc.property(domain, (td) => {
                assert.strictEqual(trustDomain.safeParse(td).success, td.length <= 255, td);
            }),
        );
    });

    it("refuses a trust domain with any character outside a-z, 0-9, '-' and '.'", () => {
        const bad = fc.constantFrom(..."_ABCXYZ/:@ *%+é\u00a0\u200b\n".split(""));
        fc.assert(
            fc.property(domain, bad, fc.nat(), (td, ch, at) => {
                const i = at % (td.length + 1);
                const broken = td.slice(0, i) + ch + td.slice(i);
                assert.strictEqual(trustDomain.safeParse(broken).success, false, broken);
            }),
        );
    });

    it("refuses every platform namespace as the app or gateway namespace, and passes unusual own ones", () => {
        const own = fc
            .stringMatching(/^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/)
            .filter((n) => !PLATFORM_NAMESPACES.includes(n) && !/^(kube|istio)-/.test(n));
        fc.assert(
            fc.property(
                fc.constantFrom(...PLATFORM_NAMESPACES),
                fc.constantFrom("namespace", "ingress"),
                (ns, key) => {
                    const raw = rawStack("staging");
                    if (key === "namespace") {
                        raw.namespace = ns;
                    } else {
                        at(raw, "ingress").namespace = ns;
                    }
                    assert.throws(
                        () => parsePlatformConfig(raw, stackContext("staging")),
                        (e: Error) =>
                            e.message.includes(
                                `${P}:${key === "namespace" ? "namespace" : "ingress.namespace"} must not be`,
                            ),
                    );
                },
            ),
            { numRuns: 30, seed: 25 },
        );
        fc.assert(
            fc.property(own, own, (app, gateway) => {
                fc.pre(app !== gateway);
                const raw = rawStack("staging");
                raw.namespace = app;
                at(raw, "ingress").namespace = gateway;
                mesh(raw).trustDomain = `${app}.example.com`;
                parsePlatformConfig(raw, stackContext("staging"));
            }),
            { numRuns: 30, seed: 25 },
        );
    });
});
