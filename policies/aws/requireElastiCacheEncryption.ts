import { resourcePolicy } from "../shared/policy";

const GROUP = "aws:elasticache/replicationGroup:ReplicationGroup";
const CLUSTER = "aws:elasticache/cluster:Cluster";

/**
 * ElastiCache encrypts data at rest and requires TLS in transit. Stand-alone cache clusters cannot
 * encrypt at rest, so they must belong to a replication group.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/encryption.html
 */
export const requireElastiCacheEncryption = resourcePolicy({
    name: "aws-require-elasticache-encryption",
    description:
        "ElastiCache replication groups encrypt at rest and require TLS in transit (transitEncryptionMode required).",
    severity: "high",
    remediationSteps:
        "Use a replication group with atRestEncryptionEnabled: true, transitEncryptionEnabled: true and transitEncryptionMode: required (clients connect with TLS, e.g. rediss://).",
    url: "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/encryption.html",
    types: [GROUP, CLUSTER],
    check: (props, type, name) => {
        if (type === CLUSTER) {
            return props.replicationGroupId
                ? []
                : [
                      `ElastiCache cluster '${name}' is not part of a replication group, so it cannot encrypt at rest; use an aws.elasticache.ReplicationGroup.`,
                  ];
        }
        const what = `ElastiCache replication group '${name}'`;
        const found: string[] = [];
        if (props.atRestEncryptionEnabled !== true) {
            found.push(
                `${what} atRestEncryptionEnabled is ${JSON.stringify(props.atRestEncryptionEnabled ?? "unset")}; set it to true.`,
            );
        }
        if (props.transitEncryptionEnabled !== true) {
            found.push(
                `${what} transitEncryptionEnabled is ${JSON.stringify(props.transitEncryptionEnabled ?? "unset")}; set it to true with transitEncryptionMode: required.`,
            );
        } else if (props.transitEncryptionMode === "preferred") {
            found.push(
                `${what} transitEncryptionMode is "preferred", which still accepts plaintext clients; set it to "required".`,
            );
        }
        return found;
    },
});
