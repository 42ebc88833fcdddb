import * as assert from "assert";

import {
    ClusterAddons,
    clusterSecretStore,
    externalSecretsValues,
    sharedSecretsArnPattern,
} from "../../../../components/addons";
import { addonsArgsFor } from "../../../helpers/addons";
import { freshRecorder, settle } from "../../../helpers/pulumi";
import { iamDocument } from "../../../helpers/views";

describe("External Secrets add-on", () => {
    it("reads only shared secrets under the stack's prefix, as a reader account of its own (IRSA); the controller has no role", async () => {
        const rec = freshRecorder();
        new ClusterAddons("a", addonsArgsFor("staging"));
        await settle();
        const policy = iamDocument(
            String(
                rec.get("aws:iam/rolePolicy:RolePolicy", "a-external-secrets-irsa-policy").inputs
                    .policy,
            ),
        );
        assert.deepStrictEqual(policy.Statement, [
            {
                Effect: "Allow",
                Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
                Resource: [
                    "arn:aws:secretsmanager:us-west-2:123456789012:secret:supply-chain/staging/shared/*",
                ],
            },
        ]);
        const trust = iamDocument(
            rec.get("aws:iam/role:Role", "a-external-secrets-irsa").inputs.assumeRolePolicy,
        );
        assert.strictEqual(
            trust.Statement[0].Condition?.StringEquals["oidc.eks.us-west-2.amazonaws.com/id/X:sub"],
            "system:serviceaccount:external-secrets:external-secrets-shared-reader",
        );
        const values = rec.get("kubernetes:helm.sh/v4:Chart", "a-external-secrets").inputs
            .values as ReturnType<typeof externalSecretsValues>;
        // The controller's own account carries no role: a store without `auth` gets no credentials.
        assert.deepStrictEqual(values.serviceAccount, {
            create: true,
            name: "external-secrets",
        });
        const reader = rec.get(
            "kubernetes:core/v1:ServiceAccount",
            "a-external-secrets-shared-reader",
        );
        assert.deepStrictEqual(reader.inputs, {
            apiVersion: "v1",
            kind: "ServiceAccount",
            metadata: {
                name: "external-secrets-shared-reader",
                namespace: "external-secrets",
                annotations: {
                    "eks.amazonaws.com/role-arn":
                        "arn:aws:iam::123456789012:role/a-external-secrets-irsa-0a1b2c3",
                },
            },
            automountServiceAccountToken: false,
        });
        const store = rec.get(
            "kubernetes:external-secrets.io/v1:ClusterSecretStore",
            "a-secret-store",
        );
        assert.deepStrictEqual(store.inputs.spec, {
            conditions: [{ namespaces: ["monitoring"] }],
            provider: {
                aws: {
                    service: "SecretsManager",
                    region: "us-west-2",
                    auth: {
                        jwt: {
                            serviceAccountRef: {
                                name: "external-secrets-shared-reader",
                                namespace: "external-secrets",
                            },
                        },
                    },
                },
            },
        });
        assert.deepStrictEqual(values.rbac, { aggregateToEdit: false });
        assert.ok(
            store.dependencies.includes(
                rec.get("kubernetes:helm.sh/v4:Chart", "a-external-secrets").urn,
            ),
            "the store waits for the operator's CRDs",
        );
        assert.ok(store.dependencies.includes(reader.urn), "the store waits for its reader");
    });

    it("builds the store and the shared-secrets pattern without mocks", () => {
        assert.strictEqual(
            sharedSecretsArnPattern("eu-west-1", "111122223333", "p/x"),
            "arn:aws:secretsmanager:eu-west-1:111122223333:secret:p/x/shared/*",
        );
        assert.deepStrictEqual(clusterSecretStore("eu-west-1").spec.provider, {
            aws: {
                service: "SecretsManager",
                region: "eu-west-1",
                auth: {
                    jwt: {
                        serviceAccountRef: {
                            name: "external-secrets-shared-reader",
                            namespace: "external-secrets",
                        },
                    },
                },
            },
        });
    });
});
