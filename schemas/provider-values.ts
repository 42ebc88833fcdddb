/**
 * The values of provider keys, checked by the type each provider reads (principle 1: keys of the
 * providers we use are checked against what they accept). A stack file holds every value as text; the
 * provider SDKs read booleans, numbers, lists and maps with `Config.getObject` (JSON), strings as they
 * are:
 * - aws: @pulumi/aws 7.48.0 `config/vars.d.ts` and `vars.js` (the type and reader of each key),
 *   `types/output.d.ts` namespace `config` (the fields of `assumeRoles`, `assumeRoleWithWebIdentity`,
 *   `defaultTags`, `ignoreTags`, `endpoints`); the valid values of the enumerated keys are those the
 *   key's doc comment lists; `accessKey`, `secretKey` and `token` are wrapped in `pulumi.secret` by
 *   `provider.js`. An assumed role's `duration` is read by terraform-provider-aws
 *   (`internal/provider/provider.go`, `validAssumeRoleDuration`) as a Go duration of 15m to 12h.
 * - kubernetes: @pulumi/kubernetes 4.34.2 `provider.d.ts` `ProviderArgs` and `types/input.d.ts`
 *   (`HelmReleaseSettings`, `KubeClientSettings`); `kubeconfig` holds cluster credentials.
 * - tls: @pulumi/tls 5.6.1 `config/vars.d.ts`, `types/output.d.ts` `config.Proxy` (it holds a password).
 * - pulumi: `tags` is a map of strings, `disable-default-providers` a list of package names
 *   (pulumi/pulumi sdk/go/common/workspace/project.go, pkg/resource/deploy/default_providers.go);
 *   `autonaming` and `template` are maps the CLI checks itself.
 * A secret-typed key's value, and any value set with `--secret`, is never printed.
 */
import { describeValue } from "../components/internal/config-errors";
import { parseGoDuration } from "../lib/time/go-duration";

/** One problem with a value at a path below the key (`[]` for the value itself). */
interface Problem {
    readonly path: string;
    readonly message: string;
    readonly value: unknown;
}

/** A value type: returns the problems of `value` (JSON-parsed unless {@link Type.text}). */
interface Type {
    /** The value is read as text (`Config.get`), not parsed as JSON. */
    readonly text?: boolean;
    /** The value is never printed. */
    readonly secret?: boolean;
    check(value: unknown, path: string): Problem[];
}

const ok: Problem[] = [];
const problem = (path: string, message: string, value: unknown): Problem[] => [
    { path, message, value },
];

const text = (rule?: { test: (s: string) => boolean; what: string }, secret = false): Type => ({
    text: true,
    secret,
    check: (v, path) =>
        typeof v !== "string"
            ? problem(path, "must be a string", v)
            : rule !== undefined && !rule.test(v)
              ? problem(path, `must be ${rule.what}`, v)
              : ok,
});

const str: Type = text();
const secretText: Type = text(undefined, true);

const oneOf = (...values: string[]): Type =>
    text({ test: (s) => values.includes(s), what: `one of ${values.join(", ")}` });

const bool: Type = {
    check: (v, path) =>
        typeof v === "boolean" ? ok : problem(path, "must be true or false (a boolean)", v),
};

const int = (min: number, max = 2 ** 31 - 1): Type => ({
    check: (v, path) =>
        typeof v === "number" && Number.isInteger(v) && v >= min && v <= max
            ? ok
            : problem(path, `must be a whole number from ${min} to ${max}`, v),
});

const positive: Type = {
    check: (v, path) =>
        typeof v === "number" && Number.isFinite(v) && v > 0
            ? ok
            : problem(path, "must be a number greater than 0", v),
};

const listOf = (item: Type): Type => ({
    check: (v, path) =>
        Array.isArray(v)
            ? v.flatMap((x, i) => item.check(x, `${path}[${i}]`))
            : problem(path, "must be a list", v),
});

const isMap = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v);

const mapOf = (item: Type): Type => ({
    check: (v, path) =>
        isMap(v)
            ? Object.entries(v).flatMap(([k, x]) => item.check(x, `${path}.${k}`))
            : problem(path, "must be a map", v),
});

/** A map with these fields only (the provider's input type). */
const fields = (shape: ReadonlyMap<string, Type>): Type => ({
    check: (v, path) => {
        if (!isMap(v)) {
            return problem(path, `must be a map of ${[...shape.keys()].join(", ")}`, v);
        }
        return Object.entries(v).flatMap(([k, x]) => {
            const t = shape.get(k);
            return t === undefined
                ? problem(
                      `${path}.${k}`,
                      `is not a field the provider reads (it reads ${[...shape.keys()].join(", ")})`,
                      undefined,
                  )
                : t.check(x, `${path}.${k}`);
        });
    },
});

/** An AWS region code (`us-west-2`, `eu-central-1`, `us-gov-west-1`). */
const region = text({
    test: (s) => /^[a-z]{2}(-[a-z]+)+-[1-9][0-9]?$/.test(s),
    what: "an AWS region code like us-west-2",
});

/** A 12-digit AWS account ID, as text. */
const accountId: Type = {
    check: (v, path) =>
        typeof v === "string" && /^[0-9]{12}$/.test(v)
            ? ok
            : problem(path, "must be a 12-digit AWS account ID in quotes", v),
};

const ROLE_ARN = /^arn:aws[a-z-]*:iam::[0-9]{12}:role\/[\w+=,.@/-]{1,512}$/;
const roleArn = text({ test: (s) => ROLE_ARN.test(s), what: "an IAM role ARN" });
const policyArns = listOf(
    text({ test: (s) => /^arn:aws[a-z-]*:iam::/.test(s), what: "an IAM policy ARN" }),
);

/** An assumed role's session length: a Go duration of 15m to 12h. */
const assumeDuration: Type = {
    text: true,
    check: (v, path) => {
        if (typeof v !== "string") {
            return problem(path, "must be a duration string like 1h", v);
        }
        const d = parseGoDuration(v);
        const minutes = d.ok ? Number(d.nanoseconds / 60_000_000_000n) : NaN;
        return d.ok && d.nanoseconds % 1_000_000_000n === 0n && minutes >= 15 && minutes <= 720
            ? ok
            : problem(path, "must be a duration from 15m to 12h (like 1h or 2h30m)", v);
    },
};

const strings = listOf(str);
const stringMap = mapOf(str);

const AWS: ReadonlyMap<string, Type> = new Map<string, Type>([
    ["accessKey", secretText],
    ["allowedAccountIds", listOf(accountId)],
    [
        "assumeRoleWithWebIdentity",
        {
            secret: true,
            ...fields(
                new Map([
                    ["duration", assumeDuration],
                    ["policy", str],
                    ["policyArns", policyArns],
                    ["roleArn", roleArn],
                    ["sessionName", str],
                    ["webIdentityToken", secretText],
                    ["webIdentityTokenFile", str],
                ]),
            ),
        },
    ],
    [
        "assumeRoles",
        listOf(
            fields(
                new Map([
                    ["duration", assumeDuration],
                    ["externalId", str],
                    ["policy", str],
                    ["policyArns", policyArns],
                    ["roleArn", roleArn],
                    ["sessionName", str],
                    ["sourceIdentity", str],
                    ["tags", stringMap],
                    ["transitiveTagKeys", strings],
                ]),
            ),
        ),
    ],
    ["customCaBundle", str],
    ["defaultTags", fields(new Map([["tags", stringMap]]))],
    ["ec2MetadataServiceEndpoint", str],
    ["ec2MetadataServiceEndpointMode", oneOf("IPv4", "IPv6")],
    // 300-odd service names, each a string URL: checked as a list of maps of strings.
    ["endpoints", listOf(stringMap)],
    ["forbiddenAccountIds", listOf(accountId)],
    ["httpProxy", str],
    ["httpsProxy", str],
    [
        "ignoreTags",
        fields(
            new Map([
                ["keyPrefixes", strings],
                ["keys", strings],
            ]),
        ),
    ],
    ["insecure", bool],
    ["maxRetries", int(0)],
    ["noProxy", str],
    ["profile", str],
    // aws:region is checked against the regions EKS runs in (schemas/network.ts).
    ["region", str],
    ["retryMode", oneOf("standard", "adaptive")],
    ["s3UsEast1RegionalEndpoint", oneOf("legacy", "regional")],
    ["s3UsePathStyle", bool],
    ["secretKey", secretText],
    ["sharedConfigFiles", strings],
    ["sharedCredentialsFiles", strings],
    ["skipCredentialsValidation", bool],
    ["skipMetadataApiCheck", bool],
    ["skipRegionValidation", bool],
    ["skipRequestingAccountId", bool],
    ["stsRegion", region],
    ["tagPolicyCompliance", oneOf("error", "warning", "disabled")],
    ["token", secretText],
    ["tokenBucketRateLimiterCapacity", int(0)],
    ["useDualstackEndpoint", bool],
    ["useFipsEndpoint", bool],
    ["userAgents", strings],
]);

const KUBERNETES: ReadonlyMap<string, Type> = new Map<string, Type>([
    ["alwaysRender", bool],
    ["cluster", str],
    ["clusterIdentifier", str],
    ["context", str],
    ["deleteUnreachable", bool],
    ["enableConfigMapMutable", bool],
    ["enablePatchForce", bool],
    ["enableSecretMutable", bool],
    ["enableServerSideApply", bool],
    [
        "helmReleaseSettings",
        fields(
            new Map([
                ["driver", oneOf("secret", "configmap", "memory", "sql")],
                ["pluginsPath", str],
                ["registryConfigPath", str],
                ["repositoryCache", str],
                ["repositoryConfigPath", str],
            ]),
        ),
    ],
    [
        "kubeClientSettings",
        fields(
            new Map([
                ["burst", int(1)],
                ["qps", positive],
                ["timeout", int(1)],
            ]),
        ),
    ],
    ["kubeconfig", secretText],
    [
        "namespace",
        text({
            test: (s) => s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s),
            what: "a Kubernetes namespace name (lowercase letters, digits and -, at most 63)",
        }),
    ],
    ["renderYamlToDirectory", str],
    ["skipUpdateUnreachable", bool],
    ["suppressDeprecationWarnings", bool],
    ["suppressHelmHookWarnings", bool],
    ["upsertExistingObjects", bool],
]);

const TLS: ReadonlyMap<string, Type> = new Map<string, Type>([
    [
        "proxy",
        {
            secret: true,
            ...fields(
                new Map([
                    ["fromEnv", bool],
                    ["password", secretText],
                    ["url", str],
                    ["username", str],
                ]),
            ),
        },
    ],
]);

const PULUMI: ReadonlyMap<string, Type> = new Map<string, Type>([
    ["disable-default-providers", strings],
    ["autonaming", mapOf({ check: () => ok })],
    ["tags", stringMap],
    ["template", mapOf({ check: () => ok })],
]);

/** The value type of every provider key, by namespace. */
export const PROVIDER_VALUE_TYPES: ReadonlyMap<string, ReadonlyMap<string, Type>> = new Map([
    ["aws", AWS],
    ["kubernetes", KUBERNETES],
    ["tls", TLS],
    ["pulumi", PULUMI],
]);

/** Keys whose values are never printed (credentials), whether or not they were set as secrets. */
export function secretProviderKey(namespace: string, name: string): boolean {
    return PROVIDER_VALUE_TYPES.get(namespace)?.get(name)?.secret === true;
}

/**
 * Problems with the value of the provider key `namespace:name` (a key its provider reads), one
 * message each, naming the key path, the value (never a secret one) and what the provider takes.
 *
 * @param secret the value was set as a secret (`pulumi config set --secret`).
 */
export function providerValueIssues(
    namespace: string,
    name: string,
    value: string,
    secret: boolean,
    reader: string,
): string[] {
    const type = PROVIDER_VALUE_TYPES.get(namespace)?.get(name);
    if (type === undefined) {
        return [];
    }
    let parsed: unknown = value;
    if (!type.text) {
        try {
            parsed = JSON.parse(value);
        } catch {
            // stays text: the type check names what was expected
        }
    }
    const hidden = secret || type.secret === true;
    return type.check(parsed, `${namespace}:${name}`).map((p) => {
        const got =
            p.value === undefined
                ? ""
                : hidden
                  ? ", got a secret value (not shown)"
                  : `, got ${describeValue(p.value)}`;
        return `${p.path} ${p.message} (read by ${reader})${got}`;
    });
}
