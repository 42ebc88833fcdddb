/**
 * The Amazon EBS CSI driver as an EKS managed add-on, with an EKS Pod Identity role for its controller
 * (the add-on supports Pod Identity associations:
 * https://docs.aws.amazon.com/eks/latest/userguide/update-addon-role.html) and an
 * encrypted gp3 StorageClass marked as the cluster default. Prometheus and Alertmanager keep their
 * data on volumes of this class. Nothing else in the platform provisions volumes: EKS no longer marks
 * its in-tree `gp2` class as default, and in-tree EBS provisioning is migrated to this driver anyway.
 *
 * Sources: https://docs.aws.amazon.com/eks/latest/userguide/ebs-csi.html (add-on name
 * `aws-ebs-csi-driver`, service account `kube-system/ebs-csi-controller-sa`, managed policy
 * `AmazonEBSCSIDriverPolicy`) and https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
 * (`type`, `encrypted`, `kmsKeyId`).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { k8sOptions } from "../core/chart";
import type { AddonContext } from "../core/contract";
import { serviceAccountRole } from "../core/service-account-role";
import { DEFAULT_STORAGE_CLASS } from "../monitoring/monitoring-values";

/** EKS add-on name of the driver. */
export const EBS_CSI_ADDON = "aws-ebs-csi-driver";
/** Service account of the driver's controller (the one that calls the EC2 API). */
export const EBS_CSI_SERVICE_ACCOUNT = "ebs-csi-controller-sa";
/** AWS managed policy with exactly the EC2 volume actions the driver needs. */
export const EBS_CSI_POLICY_ARN = "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy";

/** Arguments for {@link installEbsCsiDriver}. */
export interface EbsCsiDriverArgs {
    /** Install the add-on. */
    readonly enabled: boolean;
    /** EKS add-on version, pinned per stack (e.g. `v1.48.0-eksbuild.1`). */
    readonly version?: string;
    /** Name of the EKS cluster. */
    readonly clusterName: pulumi.Input<string>;
    /** The node groups and coredns: the add-on's controller and node pods need nodes to become active. */
    readonly nodesReady: pulumi.Resource[];
}

/** The default StorageClass: gp3, encrypted at rest, bound where the pod lands, expandable. */
export function gp3StorageClass() {
    return {
        metadata: {
            name: DEFAULT_STORAGE_CLASS,
            annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        reclaimPolicy: "Delete",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}

/**
 * Installs the driver and the StorageClass. Returns what volume claims must wait for (empty when
 * disabled).
 */
export function installEbsCsiDriver(
    scope: AddonContext,
    args: EbsCsiDriverArgs,
): pulumi.Resource[] {
    if (!args.enabled) {
        return [];
    }
    const { ready } = serviceAccountRole(scope, `${scope.name}-ebs-csi-irsa`, {
        identity: "pod-identity",
        namespace: "kube-system",
        serviceAccountName: EBS_CSI_SERVICE_ACCOUNT,
        managedPolicyArn: EBS_CSI_POLICY_ARN,
    });
    const addon = new aws.eks.Addon(
        `${scope.name}-ebs-csi`,
        {
            clusterName: args.clusterName,
            addonName: EBS_CSI_ADDON,
            addonVersion: args.version,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "OVERWRITE",
        },
        { parent: scope.parent, dependsOn: [...ready, ...args.nodesReady] },
    );
    const storageClass = new k8s.storage.v1.StorageClass(
        `${scope.name}-gp3`,
        gp3StorageClass(),
        k8sOptions(scope, [addon]),
    );
    return [addon, storageClass];
}
