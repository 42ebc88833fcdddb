/**
 * The config namespaces this program and its providers read, and the keys each accepts. A stack key
 * outside them is read by nothing and is refused (config.ts), naming the key that was meant.
 *
 * Provider keys come from each provider package's generated config reader, so they follow the
 * installed version (package.json pins it):
 * - aws: @pulumi/aws 7.48.0 `config/vars.d.ts` (the provider schema's config variables);
 * - kubernetes: @pulumi/kubernetes 4.34.2 `provider.d.ts` `ProviderArgs` (the default provider reads
 *   the same names from the `kubernetes:` namespace; the package ships no config/vars);
 * - tls: @pulumi/tls 5.6.1 `config/vars.d.ts`;
 * - random (4.21.2) and eks (4.3.0) declare no config variables;
 * - pulumi: the keys the engine and CLI read (pulumi/pulumi, pkg/resource/deploy/default_providers.go
 *   `pulumi:disable-default-providers`, pkg/cmd/pulumi/autonaming/config.go `pulumi:autonaming`,
 *   sdk/go/common/workspace/project.go `pulumi:tags`, pkg/cmd/pulumi/project/newcmd/config.go
 *   `pulumi:template`).
 * The project's own keys are the top-level keys of `platformConfigSchema` (config.ts).
 */

/** Keys of each namespace other than the project's, in a `Map` (namespaces are user text). */
export const PROVIDER_KEYS: ReadonlyMap<string, readonly string[]> = new Map<
    string,
    readonly string[]
>([
    [
        "aws",
        [
            "accessKey",
            "allowedAccountIds",
            "assumeRoleWithWebIdentity",
            "assumeRoles",
            "customCaBundle",
            "defaultTags",
            "ec2MetadataServiceEndpoint",
            "ec2MetadataServiceEndpointMode",
            "endpoints",
            "forbiddenAccountIds",
            "httpProxy",
            "httpsProxy",
            "ignoreTags",
            "insecure",
            "maxRetries",
            "noProxy",
            "profile",
            "region",
            "retryMode",
            "s3UsEast1RegionalEndpoint",
            "s3UsePathStyle",
            "secretKey",
            "sharedConfigFiles",
            "sharedCredentialsFiles",
            "skipCredentialsValidation",
            "skipMetadataApiCheck",
            "skipRegionValidation",
            "skipRequestingAccountId",
            "stsRegion",
            "tagPolicyCompliance",
            "token",
            "tokenBucketRateLimiterCapacity",
            "useDualstackEndpoint",
            "useFipsEndpoint",
            "userAgents",
        ],
    ],
    [
        "kubernetes",
        [
            "alwaysRender",
            "cluster",
            "clusterIdentifier",
            "context",
            "deleteUnreachable",
            "enableConfigMapMutable",
            "enablePatchForce",
            "enableSecretMutable",
            "enableServerSideApply",
            "helmReleaseSettings",
            "kubeClientSettings",
            "kubeconfig",
            "namespace",
            "renderYamlToDirectory",
            "skipUpdateUnreachable",
            "suppressDeprecationWarnings",
            "suppressHelmHookWarnings",
            "upsertExistingObjects",
        ],
    ],
    ["tls", ["proxy"]],
    ["random", []],
    ["eks", []],
    ["pulumi", ["disable-default-providers", "autonaming", "tags", "template"]],
]);

/** The package that reads a namespace, for messages. */
export const NAMESPACE_READER: ReadonlyMap<string, string> = new Map([
    ["aws", "the aws provider (@pulumi/aws 7.48.0)"],
    ["kubernetes", "the kubernetes provider (@pulumi/kubernetes 4.34.2)"],
    ["tls", "the tls provider (@pulumi/tls 5.6.1)"],
    ["random", "the random provider (@pulumi/random 4.21.2)"],
    ["eks", "the eks provider (@pulumi/eks 4.3.0)"],
    ["pulumi", "the Pulumi engine"],
]);
