/**
 * Refused by class: names that collide or break objects, secrets in plain config, secret names.
 */
import * as assert from "assert";

import { EXTERNAL_SECRETS_NAMESPACE } from "../../components/addons/external-secrets/external-secrets";
import { ISTIO_NAMESPACE } from "../../components/addons/istio/istio";
import { parsePlatformConfig } from "../../config";
import { RESERVED_NAMESPACES } from "../../schemas/names";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack, stackContext } from "../helpers/config";

const P = "supply-chain-platform";
const RESERVED =
    "default, kube-system, kube-public, kube-node-lease, istio-system, external-secrets, monitoring, kube-*, istio-*";
const DNS_1035 =
    "must start with a lowercase letter and hold only a-z, 0-9 and '-' (it names a Kubernetes Service, a DNS-1035 label)";
const MOVE = (service: string) =>
    `config values land in a ConfigMap in plain text; move it to services.${service}.secrets (a Secrets Manager reference)`;

const names: ConfigCase[] = [
    {
        name: "a model server with a service's name",
        mutate: (c) => (at(c, "mlWorkloads").customer = at(c, "mlWorkloads")["ml-prediction"]),
        message: `${P}:mlWorkloads.customer must not reuse the name of services.customer (both create a Deployment, Service and ServiceAccount named customer in the same namespace), got "customer"`,
    },
    {
        name: "the app namespace is kube-system",
        mutate: (c) => (c.namespace = "kube-system"),
        message: `${P}:namespace must not be a system or add-on namespace (${RESERVED}), got "kube-system"`,
    },
    {
        name: "the app namespace is the mesh's",
        mutate: (c) => (c.namespace = "istio-system"),
        message: `${P}:namespace must not be a system or add-on namespace (${RESERVED}), got "istio-system"`,
    },
    {
        name: "the app namespace uses the kube- prefix",
        mutate: (c) => (c.namespace = "kube-apps"),
        message: `${P}:namespace must not be a system or add-on namespace (${RESERVED}), got "kube-apps"`,
    },
    {
        name: "a service name starting with a digit (not a DNS-1035 Service name)",
        mutate: (c) => (at(c, "services")["1inventory"] = at(c, "services").inventory),
        message: `${P}:services.1inventory is not a valid key: it ${DNS_1035}, got "1inventory"`,
    },
    {
        name: "a model server name starting with a digit",
        mutate: (c) => (at(c, "mlWorkloads")["2model"] = at(c, "mlWorkloads")["ml-prediction"]),
        message: `${P}:mlWorkloads.2model is not a valid key: it ${DNS_1035}, got "2model"`,
    },
    {
        name: "a service name too long for its derived IAM role name",
        mutate: (c) => (at(c, "services")["a".repeat(52)] = at(c, "services").customer),
        message: `${P}:services.${"a".repeat(52)} is not a valid key: it must be at most 51 characters (the IAM role <name>-irsa plus Pulumi's 8-character suffix must fit IAM's 64), got "${"a".repeat(52)}"`,
    },
];

const plain: ConfigCase[] = [
    {
        name: "a password in config (by name; the value is not printed)",
        mutate: (c) => (at(c, "services", "inventory", "config").DB_PASSWORD = "hunter2hunter2"),
        message: `${P}:services.inventory.config.DB_PASSWORD looks like a secret (its name says PASSWORD): ${MOVE("inventory")}, got a value of 14 characters (not shown)`,
    },
    {
        name: "an API key in config (by name)",
        mutate: (c) => (at(c, "services", "inventory", "config").STRIPE_API_KEY = "abc"),
        message: `${P}:services.inventory.config.STRIPE_API_KEY looks like a secret (its name says API_KEY): ${MOVE("inventory")}, got a value of 3 characters (not shown)`,
    },
    {
        name: "a connection URL with a password",
        mutate: (c) =>
            (at(c, "services", "shipping", "config").DATABASE_URL =
                "postgres://app:s3cr3t@db:5432/app"),
        message: `${P}:services.shipping.config.DATABASE_URL looks like a secret (its value is a URL with a password): ${MOVE("shipping")}, got a value of 33 characters (not shown)`,
    },
    {
        name: "a connection string with Password=",
        mutate: (c) =>
            (at(c, "services", "inventory", "config").MSSQL = "Server=db;User Id=app;Password=x1;"),
        message: `${P}:services.inventory.config.MSSQL looks like a secret (its value is a connection string with a password): ${MOVE("inventory")}, got a value of 34 characters (not shown)`,
    },
    {
        name: "an AWS access key id",
        mutate: (c) => (at(c, "services", "inventory", "config").AWS_ID = "AKIAIOSFODNN7EXAMPLE"),
        message: `${P}:services.inventory.config.AWS_ID looks like a secret (its value is an AWS access key id): ${MOVE("inventory")}, got a value of 20 characters (not shown)`,
    },
    {
        name: "an AWS secret access key",
        mutate: (c) =>
            (at(c, "services", "inventory", "config").KEY_MATERIAL =
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        message: `${P}:services.inventory.config.KEY_MATERIAL looks like a secret (its value is an AWS secret access key): ${MOVE("inventory")}, got a value of 40 characters (not shown)`,
    },
    {
        name: "a PEM block",
        mutate: (c) =>
            (at(c, "services", "inventory", "config").TLS_BODY =
                "-----BEGIN RSA PRIVATE KEY-----\nMIIE"),
        message: `${P}:services.inventory.config.TLS_BODY looks like a secret (its value is a PEM block): ${MOVE("inventory")}, got a value of 36 characters (not shown)`,
    },
    {
        name: "a JWT",
        mutate: (c) =>
            (at(c, "services", "inventory", "config").SESSION =
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"),
        message: `${P}:services.inventory.config.SESSION looks like a secret (its value is a JSON Web Token): ${MOVE("inventory")}, got a value of 40 characters (not shown)`,
    },
    {
        name: "a secure: value nested in a key that takes none (ciphertext not printed)",
        mutate: (c) => (at(c, "services", "inventory", "config").X = { secure: "v1:CIPHERTEXT" }),
        message: `${P}:services.inventory.config.X must not be an encrypted secure: value (this key takes plain values; application secrets belong in AWS Secrets Manager, referenced from services.<name>.secrets), got a secure value (not shown)`,
    },
    {
        name: "a whole key set with --secret (refused before any other check reads it)",
        mutate: (c) => (at(c, "services", "inventory").replicas = -1),
        context: { secretKeys: [`${P}:services`] },
        message: `${P}:services must not hold an encrypted secure: value (no key of this project takes one; application secrets belong in AWS Secrets Manager, referenced from services.<name>.secrets), got a secure value (not shown)`,
    },
    {
        name: "a secret property with a newline and a command",
        mutate: (c) =>
            (at(c, "services", "payment", "secrets", "PAYMENT_PROVIDER_API_KEY").property =
                "url\nrm -rf /"),
        message: `${P}:services.payment.secrets.PAYMENT_PROVIDER_API_KEY.property must be a JSON key of the secret: 1 to 128 of A-Z, a-z, 0-9, '_', '.', '-' (no spaces, newlines or shell syntax), got "url\\nrm -rf /"`,
    },
    {
        name: "a secret property with shell syntax",
        mutate: (c) =>
            (at(c, "services", "payment", "secrets", "PAYMENT_PROVIDER_API_KEY").property =
                "$(whoami)"),
        message: `${P}:services.payment.secrets.PAYMENT_PROVIDER_API_KEY.property must be a JSON key of the secret: 1 to 128 of A-Z, a-z, 0-9, '_', '.', '-' (no spaces, newlines or shell syntax), got "$(whoami)"`,
    },
    {
        name: "a secret key with a space",
        mutate: (c) =>
            (at(c, "services", "payment", "secrets", "PAYMENT_PROVIDER_API_KEY").key = "data base"),
        message: `${P}:services.payment.secrets.PAYMENT_PROVIDER_API_KEY.key must be a secret name under the service's own path: 1 to 256 of A-Z, a-z, 0-9 and _+=.@- (no /, spaces, newlines or shell syntax), got "data base"`,
    },
];

describe("config refuses: names", () => {
    configCases(names);

    it("reserves the add-ons' own namespaces", () => {
        for (const ns of [ISTIO_NAMESPACE, EXTERNAL_SECRETS_NAMESPACE]) {
            assert.ok(RESERVED_NAMESPACES.includes(ns), ns);
        }
    });
});

describe("config refuses: secrets in plain config", () => {
    configCases(plain);

    it("accepts plain values that only resemble keys (a 40-character hex commit id, a URL without a password)", () => {
        const raw = rawStack("staging");
        at(raw, "services", "inventory", "config").GIT_SHA =
            "4dabf18193072939515e22adb298388d4dabf181";
        at(raw, "services", "inventory", "config").CACHE_URL = "redis://cache:6379/0";
        const c = parsePlatformConfig(raw, stackContext("staging"));
        assert.strictEqual(c.services.inventory.config.GIT_SHA.length, 40);
    });

    it("never prints the ciphertext or the value", () => {
        const raw = rawStack("staging");
        at(raw, "services", "inventory", "config").X = { secure: "v1:CIPHERTEXT" };
        at(raw, "services", "inventory", "config").DB_PASSWORD = "hunter2hunter2";
        assert.throws(
            () => parsePlatformConfig(raw, stackContext("staging")),
            (e: Error) => !/CIPHERTEXT|hunter2/.test(e.message),
        );
    });
});
