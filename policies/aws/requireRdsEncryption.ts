import { resourcePolicy } from "../shared/policy";

interface Config {
    readonly requireCustomerManagedKey: boolean;
}

const RDS_TYPES = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"];

/**
 * RDS instances and Aurora clusters encrypt their storage (and so their snapshots and backups), with a
 * customer managed KMS key unless the stack allows the AWS managed key.
 *
 * @severity high
 * @link https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html
 */
export const requireRdsEncryption = resourcePolicy<Config>({
    name: "aws-require-rds-encryption",
    description:
        "RDS instances and clusters encrypt storage at rest with a customer managed KMS key.",
    severity: "high",
    remediationSteps:
        "Set storageEncrypted: true and kmsKeyId to a customer managed key (encryption can only be chosen at creation: restore a snapshot copy with encryption to fix an existing database).",
    url: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    configSchema: {
        properties: { requireCustomerManagedKey: { type: "boolean", default: true } },
    },
    types: RDS_TYPES,
    check: (props, type, name, config) => {
        const what = `${type === RDS_TYPES[0] ? "RDS instance" : "RDS cluster"} '${name}'`;
        // A read replica inherits the source's encryption; its own flag is not sent.
        if (props.replicateSourceDb !== undefined && props.storageEncrypted === undefined) {
            return [];
        }
        if (props.storageEncrypted !== true) {
            return [
                `${what} storageEncrypted is ${JSON.stringify(props.storageEncrypted ?? "unset")}; set storageEncrypted: true with a customer managed kmsKeyId.`,
            ];
        }
        if (config.requireCustomerManagedKey && !props.kmsKeyId) {
            return [
                `${what} has no kmsKeyId; its storage would use the AWS managed key. Pass a customer managed KMS key.`,
            ];
        }
        return [];
    },
});
