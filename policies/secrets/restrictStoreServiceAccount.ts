import { field, itemsAt, K8sObject, recordAt } from "../../lib/kubernetes";
import { kubernetesPolicy } from "../shared/policy";

/** Knobs of {@link restrictStoreServiceAccount}. */
export interface StoreOwnershipConfig {
    /** A workload's SecretStore is named `<workload><storeNameSuffix>`. */
    readonly storeNameSuffix: string;
    /**
     * A workload's secrets reader (the service account its store authenticates as, which no pod runs
     * as) is named `<workload><readerAccountSuffix>`.
     */
    readonly readerAccountSuffix: string;
}

/** Labels that name the workload an object belongs to, in order of preference. */
export const OWNER_LABELS = ["app.kubernetes.io/name", "app"] as const;

/** The workload an object belongs to, and the label that says so; undefined without either label. */
export function ownerOf(obj: K8sObject): { workload: string; label: string } | undefined {
    const labels = recordAt(obj, "metadata", "labels") ?? {};
    for (const label of OWNER_LABELS) {
        const value = labels[label];
        if (typeof value === "string" && value !== "") {
            return { workload: value, label };
        }
    }
    return undefined;
}

/** A service-account reference inside a store's provider block, with its path. */
interface AccountRef {
    readonly path: string;
    readonly name?: unknown;
    readonly namespace?: unknown;
}

/**
 * Every ServiceAccountSelector under `spec.provider`: providers call it `serviceAccountRef` (AWS JWT,
 * Vault, GCP, Azure, Conjur, Akeyless, Oracle, ...) or `serviceAccount` (the Kubernetes provider), in
 * every API version of external-secrets.io (apis/externalsecrets/v1*, `esmeta.ServiceAccountSelector`).
 */
export function accountRefs(node: unknown, path: string): AccountRef[] {
    if (Array.isArray(node)) {
        return node.flatMap((v, i) => accountRefs(v, `${path}[${i}]`));
    }
    if (node === null || typeof node !== "object") {
        return [];
    }
    return Object.keys(node).flatMap((key) => {
        const here = `${path}.${key}`;
        const isRef = key === "serviceAccountRef" || key === "serviceAccount";
        let value: unknown;
        try {
            value = (node as Record<string, unknown>)[key];
        } catch (e) {
            // A value unknown during preview (e.g. the region) cannot hold an account reference; an
            // unknown reference itself is rethrown so the engine reports the check as not run.
            if (isRef) {
                throw e;
            }
            return [];
        }
        if (isRef && value !== null && typeof value === "object" && !Array.isArray(value)) {
            const v = value as Record<string, unknown>;
            return [{ path: here, name: v.name, namespace: v.namespace }];
        }
        return accountRefs(value, here);
    });
}

/** A store reference of an ExternalSecret (kind defaults to SecretStore), with its path. */
interface StoreRef {
    readonly path: string;
    readonly kind: string;
    readonly name?: unknown;
}

/** Store references of an ExternalSecret spec: `secretStoreRef` and every `sourceRef.storeRef`. */
export function storeRefs(spec: unknown, path: string): StoreRef[] {
    const ref = (r: unknown, at: string): StoreRef[] =>
        r !== null && typeof r === "object"
            ? [
                  {
                      path: at,
                      kind: String((r as K8sObject).kind ?? "SecretStore"),
                      name: (r as K8sObject).name,
                  },
              ]
            : [];
    const items = (key: "data" | "dataFrom") =>
        itemsAt(spec, key).flatMap((d, i) =>
            ref(field(d, "sourceRef", "storeRef"), `${path}.${key}[${i}].sourceRef.storeRef`),
        );
    return [
        ...ref(field(spec, "secretStoreRef"), `${path}.secretStoreRef`),
        ...items("data"),
        ...items("dataFrom"),
    ];
}

function checkSecretStore(obj: K8sObject, what: string, config: StoreOwnershipConfig): string[] {
    const refs = accountRefs(field(obj, "spec", "provider"), "spec.provider");
    if (refs.length === 0) {
        return [];
    }
    const owner = ownerOf(obj);
    if (!owner) {
        return [
            `${what} names a service account but carries no ${OWNER_LABELS.join(" or ")} label naming the workload it belongs to; label it with its workload and name only that workload's account.`,
        ];
    }
    const messages: string[] = [];
    const expectedName = `${owner.workload}${config.storeNameSuffix}`;
    const name = field(obj, "metadata", "name");
    if (name !== expectedName) {
        messages.push(
            `${what} belongs to workload '${owner.workload}' (${owner.label}) but is named ${JSON.stringify(name)}; name it '${expectedName}' so ExternalSecrets can be checked against their own workload's store.`,
        );
    }
    const own = [owner.workload, `${owner.workload}${config.readerAccountSuffix}`];
    for (const r of refs) {
        if (!own.includes(String(r.name))) {
            messages.push(
                `${what} names service account ${JSON.stringify(r.name)} at ${r.path}; a store may name only its own workload's account ('${own[0]}' or its secrets reader '${own[1]}', from ${owner.label}).`,
            );
        }
        if (r.namespace !== undefined && r.namespace !== field(obj, "metadata", "namespace")) {
            messages.push(
                `${what} names service account namespace ${JSON.stringify(r.namespace)} at ${r.path}.namespace; a SecretStore may name only an account in its own namespace.`,
            );
        }
    }
    return messages;
}

function checkExternalSecret(
    kind: string,
    obj: K8sObject,
    what: string,
    config: StoreOwnershipConfig,
): string[] {
    const spec =
        kind === "ClusterExternalSecret" ? field(obj, "spec", "externalSecretSpec") : obj.spec;
    const base = kind === "ClusterExternalSecret" ? "spec.externalSecretSpec" : "spec";
    const refs = storeRefs(spec, base).filter((r) => r.kind !== "ClusterSecretStore");
    if (refs.length === 0) {
        return [];
    }
    if (kind === "ClusterExternalSecret") {
        return refs.map(
            (r) =>
                `${what} references ${r.kind} ${JSON.stringify(r.name)} at ${r.path}; a ClusterExternalSecret belongs to no single workload and may reference only ClusterSecretStores.`,
        );
    }
    const owner = ownerOf(obj);
    if (!owner) {
        return [
            `${what} references a SecretStore but carries no ${OWNER_LABELS.join(" or ")} label naming the workload it belongs to; label it with its workload.`,
        ];
    }
    const own = `${owner.workload}${config.storeNameSuffix}`;
    return refs
        .filter((r) => r.name !== own)
        .map(
            (r) =>
                `${what} references ${r.kind} ${JSON.stringify(r.name)} at ${r.path}; an ExternalSecret of workload '${owner.workload}' may use only its own store '${own}' or a ClusterSecretStore.`,
        );
}

/**
 * A ClusterSecretStore must say which namespaces may use it: without `spec.conditions` (or with a
 * condition that selects every namespace: an empty `namespaceSelector`) an ExternalSecret in any
 * namespace can copy whatever the store's credentials read into a Secret of its own
 * (external-secrets `apis/externalsecrets/v1/secretstore_types.go`, `ClusterSecretStoreCondition`:
 * `namespaceSelector`, `namespaces`, `namespaceRegexes`).
 */
function checkClusterSecretStore(obj: K8sObject, what: string): string[] {
    const conditions = itemsAt(obj, "spec", "conditions");
    if (conditions.length === 0) {
        return [
            `${what} has no spec.conditions, so an ExternalSecret in any namespace can read what its credentials read; add spec.conditions[].namespaces naming the namespaces that need it (or a namespaceSelector or namespaceRegexes).`,
        ];
    }
    return conditions.flatMap((c, i) => {
        const selector = field(c, "namespaceSelector");
        const selects =
            selector !== undefined &&
            Object.keys(recordAt(selector, "matchLabels") ?? {}).length === 0 &&
            itemsAt(selector, "matchExpressions").length === 0;
        return selects
            ? [
                  `${what} spec.conditions[${i}].namespaceSelector is empty and selects every namespace; name the namespaces that need the store.`,
              ]
            : [];
    });
}

/** The External Secrets kinds this policy checks (group `external-secrets.io`). */
const STORE_KINDS = [
    "SecretStore",
    "ClusterSecretStore",
    "ExternalSecret",
    "ClusterExternalSecret",
] as const;

/**
 * Every SecretStore names only its own workload's service account, and every ExternalSecret uses only
 * its own workload's SecretStore (any API version of external-secrets.io). The External Secrets
 * controller mints a token for whatever account a store names and assumes that account's IAM role, so
 * without this a store in a shared namespace borrows another service's role.
 *
 * "Own" is defined by labels and names: an object belongs to the workload its `app.kubernetes.io/name`
 * (else `app`) label names; the platform names a workload's service account after the workload, the
 * account its store reads as `<workload>-secrets-reader` (knob `readerAccountSuffix`; no pod runs as it)
 * and its store `<workload>-secrets` (knob `storeNameSuffix`). ClusterSecretStores are platform objects (they
 * read only shared secrets): each must name the namespaces that may use it in `spec.conditions`, which
 * the controller enforces, so ExternalSecrets may reference them; a ClusterExternalSecret may reference
 * only them.
 *
 * @severity critical
 * @link https://external-secrets.io/latest/api/secretstore/
 */
export const restrictStoreServiceAccount = kubernetesPolicy<StoreOwnershipConfig>({
    name: "secrets-restrict-store-service-account",
    description:
        "SecretStores name only their own workload's service account; ClusterSecretStores name the namespaces that may use them; ExternalSecrets use only their own workload's SecretStore.",
    severity: "critical",
    remediationSteps:
        "Label the store and the ExternalSecret with their workload (app.kubernetes.io/name), name the store '<workload>-secrets', and reference only that workload's service account and store; give every ClusterSecretStore spec.conditions naming the namespaces that need it.",
    url: "https://external-secrets.io/latest/api/secretstore/",
    configSchema: {
        properties: {
            storeNameSuffix: {
                type: "string",
                default: "-secrets",
                description: "Suffix of a workload's SecretStore name after the workload name.",
            },
            readerAccountSuffix: {
                type: "string",
                default: "-secrets-reader",
                description:
                    "Suffix of a workload's secrets reader service account after the workload name.",
            },
        },
    },
    kinds: STORE_KINDS,
    applies: (t) => t.group === "external-secrets.io",
    check: ({ type, obj, what, config }) =>
        type.kind === "SecretStore"
            ? checkSecretStore(obj, what, config)
            : type.kind === "ClusterSecretStore"
              ? checkClusterSecretStore(obj, what)
              : checkExternalSecret(type.kind, obj, what, config),
});
