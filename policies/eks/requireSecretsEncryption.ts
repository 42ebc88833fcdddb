import { field, itemsAt } from "../../lib/kubernetes";
import { resourcePolicy } from "../shared/policy";

/**
 * EKS encrypts Kubernetes secrets with a KMS key (envelope encryption). Checked on the `eks:index:Cluster`
 * component inputs (visible offline) and on the `aws:eks/cluster:Cluster` resource (under the engine).
 *
 * @severity high
 * @link https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html
 */
export const requireSecretsEncryption = resourcePolicy({
    name: "eks-require-secrets-encryption",
    description: "EKS clusters encrypt Kubernetes secrets with a KMS key.",
    severity: "high",
    remediationSteps:
        "Pass encryptionConfigKeyArn (a KMS key with rotation) to eks.Cluster, or encryptionConfig { resources: [secrets], provider.keyArn } to aws.eks.Cluster.",
    url: "https://docs.aws.amazon.com/eks/latest/userguide/enable-kms.html",
    types: ["eks:index:Cluster", "aws:eks/cluster:Cluster"],
    check: (props, type, name) => {
        if (type === "eks:index:Cluster") {
            return props.encryptionConfigKeyArn
                ? []
                : [
                      `EKS cluster '${name}' has no encryptionConfigKeyArn; secrets would be stored without envelope encryption. Pass a KMS key ARN.`,
                  ];
        }
        const enc = props.encryptionConfig;
        if (!itemsAt(enc, "resources").includes("secrets") || !field(enc, "provider", "keyArn")) {
            return [
                `EKS cluster '${name}' encryptionConfig is ${JSON.stringify(enc ?? "unset")}; set resources: ["secrets"] and provider.keyArn.`,
            ];
        }
        return [];
    },
});
