import { resourcePolicy } from "../shared/policy";

/**
 * Symmetric KMS keys rotate their key material yearly.
 *
 * @severity medium
 * @link https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html
 */
export const requireKmsKeyRotation = resourcePolicy({
    name: "kms-require-key-rotation",
    description: "Symmetric KMS keys enable automatic key rotation.",
    severity: "medium",
    remediationSteps: "Set enableKeyRotation: true on the aws.kms.Key.",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html",
    types: ["aws:kms/key:Key"],
    check: (props, _type, name) => {
        const spec = props.customerMasterKeySpec ?? props.keySpec ?? "SYMMETRIC_DEFAULT";
        if (spec !== "SYMMETRIC_DEFAULT") {
            return [];
        }
        return props.enableKeyRotation === true
            ? []
            : [
                  `KMS key '${name}' enableKeyRotation is ${JSON.stringify(props.enableKeyRotation ?? "unset")}; set it to true.`,
              ];
    },
});
