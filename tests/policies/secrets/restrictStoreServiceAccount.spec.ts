/**
 * secrets-restrict-store-service-account on YAML fixtures in every API version of external-secrets.io,
 * and on what the Microservice component builds.
 */
import * as assert from "assert";
import * as fs from "fs";
import type * as k8s from "@pulumi/kubernetes";
import * as path from "path";
import { parseAllDocuments } from "yaml";

import { clusterSecretStore } from "../../../components/addons/external-secrets/external-secrets";
import { resolveMicroservice } from "../../../components/microservice/microservice";
import {
    buildExternalSecret,
    buildSecretStore,
} from "../../../components/microservice/secrets-spec";
import { restrictStoreServiceAccount as policy } from "../../../policies/secrets/restrictStoreServiceAccount";
import { kubernetesTypeToken } from "../../../lib/kubernetes";
import type { Plain } from "../../helpers/edit";
import { minimalService } from "../../helpers/fixtures";
import { onPlatform } from "../../helpers/platform";
import { runResourcePolicy } from "../../helpers/policy";

const DIR = path.resolve(__dirname, "../../fixtures/secret-stores");

/** A SecretStore or ExternalSecret (from a fixture file or a builder): the fields the tests read. */
type StoreObject = Plain & {
    readonly apiVersion: string;
    readonly kind: string;
    readonly metadata: { readonly name: string };
};

function load(file: string): StoreObject[] {
    return parseAllDocuments(fs.readFileSync(path.join(DIR, file), "utf8")).map(
        (d) => d.toJS() as StoreObject,
    );
}

const run = (obj: StoreObject, config: Record<string, unknown> = {}) =>
    runResourcePolicy(
        policy,
        kubernetesTypeToken(obj.apiVersion, obj.kind),
        obj,
        config,
        obj.metadata.name,
    );

describe("secrets-restrict-store-service-account", () => {
    it("passes stores and ExternalSecrets that keep to their own workload (good.yaml)", async () => {
        const docs = load("good.yaml");
        assert.strictEqual(docs.length, 6);
        for (const doc of docs) {
            assert.deepStrictEqual(await run(doc), [], `${doc.kind} ${doc.metadata.name}`);
        }
    });

    it("reports each borrowed identity with the exact path and fix (bad.yaml)", async () => {
        const results = [];
        for (const doc of load("bad.yaml")) {
            results.push([`${doc.apiVersion} ${doc.kind}`, await run(doc)]);
        }
        assert.deepStrictEqual(results, [
            [
                "external-secrets.io/v1 SecretStore",
                [
                    `SecretStore 'supply-chain/order-secrets' names service account "payment" at spec.provider.aws.auth.jwt.serviceAccountRef; a store may name only its own workload's account ('order' or its secrets reader 'order-secrets-reader', from app.kubernetes.io/name).`,
                ],
            ],
            [
                "external-secrets.io/v1beta1 SecretStore",
                [
                    "SecretStore 'supply-chain/anything' names a service account but carries no app.kubernetes.io/name or app label naming the workload it belongs to; label it with its workload and name only that workload's account.",
                ],
            ],
            [
                "external-secrets.io/v1 SecretStore",
                [
                    `SecretStore 'supply-chain/shared-store' belongs to workload 'shipping' (app.kubernetes.io/name) but is named "shared-store"; name it 'shipping-secrets' so ExternalSecrets can be checked against their own workload's store.`,
                    `SecretStore 'supply-chain/shared-store' names service account namespace "payments" at spec.provider.kubernetes.auth.serviceAccount.namespace; a SecretStore may name only an account in its own namespace.`,
                ],
            ],
            [
                "external-secrets.io/v1 ExternalSecret",
                [
                    `ExternalSecret 'supply-chain/order-secrets' references SecretStore "payment-secrets" at spec.data[0].sourceRef.storeRef; an ExternalSecret of workload 'order' may use only its own store 'order-secrets' or a ClusterSecretStore.`,
                ],
            ],
            [
                "external-secrets.io/v1alpha1 ExternalSecret",
                [
                    "ExternalSecret 'supply-chain/loose' references a SecretStore but carries no app.kubernetes.io/name or app label naming the workload it belongs to; label it with its workload.",
                ],
            ],
            [
                "external-secrets.io/v1beta1 ClusterExternalSecret",
                [
                    `ClusterExternalSecret 'everywhere' references SecretStore "payment-secrets" at spec.externalSecretSpec.secretStoreRef; a ClusterExternalSecret belongs to no single workload and may reference only ClusterSecretStores.`,
                ],
            ],
        ]);
    });

    it("accepts the workload's secrets reader and honours the readerAccountSuffix knob", async () => {
        const [store] = load("good.yaml");
        const reading = (account: string) =>
            JSON.parse(
                JSON.stringify(store).replace(
                    /"serviceAccountRef":\{"name":"order"/,
                    `"serviceAccountRef":{"name":"${account}"`,
                ),
            ) as StoreObject;
        assert.notDeepStrictEqual(reading("order-secrets-reader"), store);
        assert.deepStrictEqual(await run(reading("order-secrets-reader")), []);
        assert.deepStrictEqual(
            await run(reading("order-secrets-reader"), { readerAccountSuffix: "-reader" }),
            [
                `SecretStore 'supply-chain/order-secrets' names service account "order-secrets-reader" at spec.provider.aws.auth.jwt.serviceAccountRef; a store may name only its own workload's account ('order' or its secrets reader 'order-reader', from app.kubernetes.io/name).`,
            ],
        );
    });

    it("honours the storeNameSuffix knob", async () => {
        const [store] = load("good.yaml");
        assert.deepStrictEqual(await run(store, { storeNameSuffix: "-store" }), [
            `SecretStore 'supply-chain/order-secrets' belongs to workload 'order' (app.kubernetes.io/name) but is named "order-secrets"; name it 'order-store' so ExternalSecrets can be checked against their own workload's store.`,
        ]);
    });

    it("refuses a ClusterSecretStore open to every namespace, and passes the platform's own", async () => {
        const token = "kubernetes:external-secrets.io/v1:ClusterSecretStore";
        const store = (spec: Plain) =>
            runResourcePolicy(policy, token, { metadata: { name: "shared" }, spec }, {}, "shared");
        assert.deepStrictEqual(await store({}), [
            `ClusterSecretStore 'shared' has no spec.conditions, so an ExternalSecret in any namespace can read what its credentials read; add spec.conditions[].namespaces naming the namespaces that need it (or a namespaceSelector or namespaceRegexes).`,
        ]);
        assert.deepStrictEqual(await store({ conditions: [] }), await store({}));
        assert.deepStrictEqual(await store({ conditions: null }), await store({}));
        assert.deepStrictEqual(await store({ conditions: [{ namespaceSelector: {} }] }), [
            `ClusterSecretStore 'shared' spec.conditions[0].namespaceSelector is empty and selects every namespace; name the namespaces that need the store.`,
        ]);
        assert.deepStrictEqual(
            await store({
                conditions: [{ namespaceSelector: { matchLabels: { team: "platform" } } }],
            }),
            [],
        );
        assert.deepStrictEqual(
            await store({ conditions: [{ namespaceRegexes: ["^monitoring$"] }] }),
            [],
        );
        const platform = clusterSecretStore("us-west-2");
        assert.deepStrictEqual(await run(platform as unknown as StoreObject), []);
        assert.deepStrictEqual(
            await runResourcePolicy(
                policy,
                "kubernetes:core/v1:Secret",
                { metadata: { name: "x" } },
                {},
                "x",
            ),
            { notApplicable: "not checked for kubernetes:core/v1:Secret" },
        );
    });

    it("passes the SecretStore and ExternalSecret every Microservice builds", async () => {
        const r = resolveMicroservice(
            "inventory",
            onPlatform({
                ...minimalService({} as k8s.Provider),
                secrets: { DATABASE_URL: { key: "database" } },
            }),
        );
        const store = buildSecretStore(r, "us-west-2");
        const external = buildExternalSecret(r, "supply-chain/production", {
            DATABASE_URL: { key: "database" },
        });
        assert.deepStrictEqual(await run(store), []);
        assert.deepStrictEqual(await run(external), []);
    });
});
