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
    it("lets the External Secrets controller read only shared secrets under the stack's prefix, through IRSA", async () => {
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
            "system:serviceaccount:external-secrets:external-secrets",
        );
        const values = rec.get("kubernetes:helm.sh/v4:Chart", "a-external-secrets").inputs
            .values as ReturnType<typeof externalSecretsValues<string>>;
        assert.deepStrictEqual(values.serviceAccount.annotations, {
            "eks.amazonaws.com/role-arn":
                "arn:aws:iam::123456789012:role/a-external-secrets-irsa-0a1b2c3",
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
                                name: "external-secrets",
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
                            name: "external-secrets",
                            namespace: "external-secrets",
                        },
                    },
                },
            },
        });
    });
});
