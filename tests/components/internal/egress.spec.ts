import * as assert from "assert";

import {
    awsServiceHosts,
    EgressHost,
    httpsEgress,
    tcpHost,
    workloadEgress,
} from "../../../components/internal/egress";

const tls = (host: string): EgressHost => ({ key: host, host, port: 443, protocol: "TLS" });

describe("egress derivation", () => {
    it("opens the regional STS endpoint and the SQS endpoint of order's queue, nothing more", () => {
        assert.deepStrictEqual(
            workloadEgress({
                region: "us-west-2",
                irsa: true,
                statements: [
                    {
                        actions: ["sqs:SendMessage", "sqs:GetQueueAttributes"],
                        resources: ["arn:aws:sqs:us-west-2:444455556666:supply-chain-orders"],
                    },
                ],
            }),
            [tls("sts.us-west-2.amazonaws.com"), tls("sqs.us-west-2.amazonaws.com")],
        );
    });

    it("opens nothing for a service without an IAM role or declared hosts", () => {
        assert.deepStrictEqual(
            workloadEgress({ region: "us-west-2", irsa: false, statements: [] }),
            [],
        );
    });

    it("uses the region of the resource ARNs, the stack's region when they name none, and skips Deny and *", () => {
        assert.deepStrictEqual(
            awsServiceHosts(
                [
                    { actions: ["sns:Publish"], resources: ["arn:aws:sns:eu-west-1:1:topic"] },
                    { actions: ["s3:GetObject"], resources: ["arn:aws:s3:::catalog/*"] },
                    {
                        actions: ["kms:Decrypt"],
                        resources: ["arn:aws:kms:us-west-2:1:key/k"],
                        effect: "Deny",
                    },
                    { actions: ["*"], resources: ["*"] },
                    { actions: ["ecr:GetAuthorizationToken"], resources: ["*"] },
                ],
                "us-west-2",
            ),
            [
                tls("*.s3.us-west-2.amazonaws.com"),
                tls("api.ecr.us-west-2.amazonaws.com"),
                tls("s3.us-west-2.amazonaws.com"),
                tls("sns.eu-west-1.amazonaws.com"),
            ],
        );
    });

    it("appends declared hosts after the derived ones and dedupes by key", () => {
        assert.deepStrictEqual(
            workloadEgress({
                region: "us-west-2",
                irsa: true,
                statements: [],
                hosts: [
                    ...httpsEgress([{ host: "api.stripe.com", port: 443 }]),
                    tls("sts.us-west-2.amazonaws.com"),
                    tcpHost("orders-db", "db.example.internal", 5432),
                ],
            }),
            [
                tls("sts.us-west-2.amazonaws.com"),
                tls("api.stripe.com"),
                {
                    key: "orders-db",
                    host: "db.example.internal",
                    port: 5432,
                    protocol: "TCP",
                },
            ],
        );
    });
});
