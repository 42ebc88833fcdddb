/**
 * Egress under REGISTRY_ONLY: ServiceEntries per namespace (exported to it only) and a Sidecar per
 * workload importing only its own external hosts.
 */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import {
    buildServiceEntry,
    buildSidecar,
    MeshNamespacePolicy,
    namespaceEgress,
} from "../../../components/mesh-policy";
import { EgressHost, stsHost, tcpHost } from "../../../components/internal/egress";
import { workloadIdentity } from "../../../components/internal/labels";
import { freshRecorder, settle } from "../../helpers/pulumi";

const sts = stsHost("us-west-2");
const sqs: EgressHost = {
    key: "sqs.us-west-2.amazonaws.com",
    host: "sqs.us-west-2.amazonaws.com",
    port: 443,
    protocol: "TLS",
};
const labels = {
    "app.kubernetes.io/part-of": "supply-chain-platform",
    "app.kubernetes.io/managed-by": "pulumi",
};

describe("egress", () => {
    it("declares an HTTPS host as a MESH_EXTERNAL TLS passthrough entry resolved by DNS, for its namespace only", () => {
        assert.deepStrictEqual(buildServiceEntry("supply-chain", sts), {
            apiVersion: "networking.istio.io/v1",
            kind: "ServiceEntry",
            metadata: {
                name: "egress-sts-us-west-2-amazonaws-com",
                namespace: "supply-chain",
                labels,
            },
            spec: {
                hosts: ["sts.us-west-2.amazonaws.com"],
                exportTo: ["."],
                location: "MESH_EXTERNAL",
                ports: [{ number: 443, name: "tls-443", protocol: "TLS" }],
                resolution: "DNS",
            },
        });
    });

    it("resolves a wildcard host with NONE", () => {
        const wildcard = buildServiceEntry("supply-chain", {
            key: "*.s3.us-west-2.amazonaws.com",
            host: "*.s3.us-west-2.amazonaws.com",
            port: 443,
            protocol: "TLS",
        });
        assert.deepStrictEqual(
            [wildcard.metadata.name, wildcard.spec.resolution, "addresses" in wildcard.spec],
            ["egress-wildcard-s3-us-west-2-amazonaws-com", "NONE", false],
        );
    });

    it("declares a data store as TCP resolved by DNS, with no address range: the proxy dials the store itself", () => {
        const db = buildServiceEntry(
            "supply-chain",
            tcpHost("order-postgres", "order.abc.us-west-2.rds.amazonaws.com", 5432),
        );
        assert.deepStrictEqual(db.metadata.name, "egress-order-postgres");
        assert.deepStrictEqual(db.spec, {
            hosts: ["order.abc.us-west-2.rds.amazonaws.com"],
            exportTo: ["."],
            location: "MESH_EXTERNAL",
            ports: [{ number: 5432, name: "tcp-5432", protocol: "TCP" }],
            resolution: "DNS",
        });
    });

    it("fails a workload with two TCP hosts on one port, naming the port and the keys", () => {
        const pg = tcpHost("order-postgres", "order.abc.us-west-2.rds.amazonaws.com", 5432);
        const other = tcpHost("order-reports", "reports.abc.us-west-2.rds.amazonaws.com", 5432);
        const redis = tcpHost("order-redis", "master.order.abc.usw2.cache.amazonaws.com", 6379);
        assert.doesNotThrow(() =>
            buildSidecar(workloadIdentity("order", "supply-chain"), [pg, redis]),
        );
        assert.throws(
            () => buildSidecar(workloadIdentity("order", "supply-chain"), [pg, redis, other]),
            {
                message:
                    "workload 'supply-chain/order' declares several TCP egress hosts on one port (5432: order-postgres, order-reports); its sidecar reaches one TCP host per port, so give each store its own port",
            },
        );
    });

    it("gives each workload a Sidecar that imports the cluster's Services and only its own external hosts", () => {
        assert.deepStrictEqual(
            buildSidecar(workloadIdentity("order", "supply-chain"), [sts, sqs]),
            {
                apiVersion: "networking.istio.io/v1",
                kind: "Sidecar",
                metadata: {
                    name: "order",
                    namespace: "supply-chain",
                    labels: {
                        app: "order",
                        "app.kubernetes.io/name": "order",
                        "app.kubernetes.io/part-of": "supply-chain-platform",
                    },
                },
                spec: {
                    workloadSelector: { labels: { app: "order" } },
                    egress: [
                        {
                            hosts: [
                                "*/*.svc.cluster.local",
                                "./sts.us-west-2.amazonaws.com",
                                "./sqs.us-west-2.amazonaws.com",
                            ],
                        },
                    ],
                    outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
                },
            },
        );
    });

    it("dedupes hosts across workloads and fails when one key names two hosts", () => {
        assert.deepStrictEqual(namespaceEgress([[sts, sqs], [sts], []]), [sqs, sts]);
        assert.throws(() => namespaceEgress([[sts], [{ ...sts, port: 8443 }]]), {
            message:
                "egress host key 'sts.us-west-2.amazonaws.com' is used for two different hosts (sts.us-west-2.amazonaws.com:443/TLS and sts.us-west-2.amazonaws.com:8443/TLS)",
        });
        const db = tcpHost("order-postgres", "db.internal", 5432);
        const other = tcpHost("order-postgres", "other.internal", 5432);
        assert.throws(() => namespaceEgress([[db], [other]]), {
            message:
                "egress host key 'order-postgres' is used for two different hosts (db.internal:5432/TCP and other.internal:5432/TCP)",
        });
    });

    it("creates one ServiceEntry per host of the namespace's workloads, after Istio", async () => {
        const rec = freshRecorder();
        const p = new k8s.Provider("k", { kubeconfig: "{}" });
        const istio = new k8s.core.v1.Namespace("istio", {}, { provider: p });
        new MeshNamespacePolicy("ns", {
            provider: p,
            namespace: "supply-chain",
            waitFor: [istio],
            egress: [[sts, sqs], [sts]],
        });
        await settle();
        const entries = rec.ofType("kubernetes:networking.istio.io/v1:ServiceEntry");
        assert.deepStrictEqual(
            entries.map((e) => [e.name, (e.inputs.spec as { hosts: string[] }).hosts]),
            [
                ["ns-egress-sqs-us-west-2-amazonaws-com", ["sqs.us-west-2.amazonaws.com"]],
                ["ns-egress-sts-us-west-2-amazonaws-com", ["sts.us-west-2.amazonaws.com"]],
            ],
        );
        const istioUrn = rec.get("kubernetes:core/v1:Namespace", "istio").urn;
        assert.ok(entries.every((e) => e.dependencies.includes(istioUrn)));
    });
});
