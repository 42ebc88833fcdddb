/**
 * A service's secret reading (components/microservice/secrets-spec.ts): its own Secrets Manager path,
 * its secrets reader account and role, and no secret value in Pulumi.
 */
import * as assert from "assert";
import * as k8s from "@pulumi/kubernetes";

import { Microservice } from "../../../components/microservice";
import { seedInventory as inventory } from "../../helpers/fixtures";
import { onPlatform } from "../../helpers/platform";
import { freshRecorder, settle } from "../../helpers/pulumi";
import { objectOf } from "../../helpers/views";

const provider = () => new k8s.Provider("k", { kubeconfig: "{}" });

describe("Microservice secrets", () => {
    it("reads secrets only from the service's own path, through its own role, without values in Pulumi", async () => {
        const rec = freshRecorder();
        new Microservice("inventory", onPlatform(inventory(provider())));
        await settle();
        const es = objectOf(
            rec,
            "kubernetes:external-secrets.io/v1:ExternalSecret",
            "inventory-secrets",
        ).spec!;
        assert.deepStrictEqual(es.data, [
            {
                secretKey: "DATABASE_URL",
                remoteRef: { key: "supply-chain/production/inventory/database", property: "url" },
            },
        ]);
        assert.deepStrictEqual(es.secretStoreRef, {
            name: "inventory-secrets",
            kind: "SecretStore",
        });
        const store = objectOf(
            rec,
            "kubernetes:external-secrets.io/v1:SecretStore",
            "inventory-secret-store",
        ).spec!;
        assert.deepStrictEqual(store.provider.aws!.auth, {
            jwt: { serviceAccountRef: { name: "inventory-secrets-reader" } },
        });
        const policy = JSON.parse(
            String(
                rec.get("aws:iam/rolePolicy:RolePolicy", "inventory-irsa-secrets").inputs.policy,
            ),
        );
        assert.deepStrictEqual(policy.Statement, [
            {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: [
                    "arn:aws:secretsmanager:us-west-2:1:secret:supply-chain/production/inventory/*",
                ],
            },
        ]);
        const env = objectOf(rec, "kubernetes:apps/v1:Deployment", "inventory").spec.template.spec
            .containers[0].env;
        assert.deepStrictEqual(env, [
            {
                name: "DATABASE_URL",
                valueFrom: { secretKeyRef: { name: "inventory-secrets", key: "DATABASE_URL" } },
            },
        ]);
        assert.deepStrictEqual(
            rec.ofType("kubernetes:core/v1:Secret"),
            [],
            "no Secret object is managed by Pulumi",
        );
        // The pods' account carries no role; the reader account, which no pod runs as, does.
        const sa = objectOf(rec, "kubernetes:core/v1:ServiceAccount", "inventory-sa");
        assert.strictEqual(sa.metadata.annotations, undefined);
        const reader = objectOf(
            rec,
            "kubernetes:core/v1:ServiceAccount",
            "inventory-secrets-reader",
        );
        assert.deepStrictEqual(
            [reader.metadata.annotations, reader.automountServiceAccountToken],
            [
                {
                    "eks.amazonaws.com/role-arn":
                        "arn:aws:iam::123456789012:role/inventory-irsa-0a1b2c3",
                },
                false,
            ],
        );
    });
});
