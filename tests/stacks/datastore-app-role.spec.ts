/**
 * Stack tests of the PostgreSQL application role: each service connects as its own least-privilege
 * role, created in the database by a one-off Job per store (components/datastore/app-role.ts).
 */
import * as assert from "assert";

import { appRoleSql, postgresAppRole } from "../../components/datastore";
import { Evaluation } from "../../tools/offline/evaluate";
import { isSecretValue } from "../../tools/offline/secrets";
import { DATABASES, STORES } from "../helpers/datastore-stacks";
import { evaluatedStack } from "../helpers/stack-evaluation";
import { objectOf, viewOf } from "../helpers/views";

const evaluate = evaluatedStack;

/** The policy document of the recorded RolePolicy `name`. */
const policyOf = (e: Evaluation, name: string) =>
    e.recorder.get("aws:iam/rolePolicy:RolePolicy", name).inputs.policy as string;

for (const stack of ["staging", "production"]) {
    describe(`stack ${stack}: PostgreSQL application roles`, function () {
        it("connects each service as its own app role: its ExternalSecret and IAM role read the app secret, never the master secret", async () => {
            const e = await evaluate(stack);
            for (const service of Object.keys(STORES)) {
                const appSecret = `arn:aws:secretsmanager:us-west-2:123456789012:secret:supply-chain/${stack}/${service}/postgres-app-AbCdEf`;
                const master = `arn:aws:secretsmanager:us-west-2:123456789012:secret:rds!db-supply-chain-${stack}-${service}-AbCdEf`;
                const es = objectOf(
                    e.recorder,
                    "kubernetes:external-secrets.io/v1:ExternalSecret",
                    `${service}-datastore-secrets`,
                );
                assert.deepStrictEqual(es.spec!.data!.slice(0, 2), [
                    {
                        secretKey: "pg_username",
                        remoteRef: { key: appSecret, property: "username" },
                    },
                    {
                        secretKey: "pg_password",
                        remoteRef: { key: appSecret, property: "password" },
                    },
                ]);
                const policy = policyOf(e, `${service}-irsa-datastores`);
                assert.ok(policy.includes(appSecret) && !policy.includes(master), policy);
                const initPolicy = JSON.parse(policyOf(e, `${service}-db-init-irsa-secrets`)) as {
                    Statement: { Resource: string[] }[];
                };
                assert.deepStrictEqual(initPolicy.Statement[0].Resource, [master, appSecret]);
                const stored = e.recorder.get(
                    "aws:secretsmanager/secret:Secret",
                    `${service}-data-postgres-app`,
                ).inputs;
                assert.strictEqual(stored.name, `supply-chain/${stack}/${service}/postgres-app`);
                assert.ok(
                    isSecretValue(
                        e.recorder.get(
                            "aws:secretsmanager/secretVersion:SecretVersion",
                            `${service}-data-postgres-app`,
                        ).inputs.secretString,
                    ),
                    "the app password is a Pulumi secret",
                );
            }
        });

        it("runs one role Job per PostgreSQL store, after the instance, its ServiceEntry and its secrets, with the tested script", async () => {
            const e = await evaluate(stack);
            assert.deepStrictEqual(
                e.recorder
                    .ofType("kubernetes:batch/v1:Job")
                    .map((r) => r.name)
                    .sort(),
                ["inventory-db-init-job", "order-db-init-job", "payment-db-init-job"],
            );
            for (const service of Object.keys(STORES)) {
                const job = e.recorder.get("kubernetes:batch/v1:Job", `${service}-db-init-job`);
                const urn = (type: string, name: string) => e.recorder.get(type, name).urn;
                for (const dep of [
                    urn("aws:rds/instance:Instance", `${service}-data-postgres`),
                    urn(
                        "kubernetes:networking.istio.io/v1:ServiceEntry",
                        `apps-mesh-egress-${service}-postgres`,
                    ),
                    urn(
                        "kubernetes:external-secrets.io/v1:ExternalSecret",
                        `${service}-db-init-secrets`,
                    ),
                    urn("kubernetes:networking.istio.io/v1:Sidecar", `${service}-db-init-sidecar`),
                ]) {
                    assert.ok(job.dependencies.includes(dep), `${service} Job waits for ${dep}`);
                }
                const pod = viewOf(job, "kubernetes:batch/v1:Job").spec.template;
                assert.deepStrictEqual(pod.metadata!.annotations, {
                    "sidecar.istio.io/nativeSidecar": "true",
                });
                const env = new Map(pod.spec!.containers[0].env!.map((v) => [v.name, v]));
                assert.strictEqual(
                    env.get("APP_ROLE_SQL")!.value,
                    appRoleSql(postgresAppRole(DATABASES[service]), DATABASES[service]),
                );
                for (const name of ["PGUSER", "PGPASSWORD", "APP_PASSWORD"]) {
                    assert.deepStrictEqual(env.get(name), {
                        name,
                        valueFrom: { secretKeyRef: { name: `${service}-db-init`, key: name } },
                    });
                }
                assert.strictEqual(pod.spec!.serviceAccountName, `${service}-db-init`);
            }
        });
    });
}
