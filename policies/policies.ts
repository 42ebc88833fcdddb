/**
 * Every policy of the pack, in report order. Pure: importing this starts nothing (unlike index.ts).
 */
import type { Policies } from "@pulumi/policy";

import { disallowIamWildcardActions } from "./aws/disallowIamWildcardActions";
import { disallowPublicDatabases } from "./aws/disallowPublicDatabases";
import { requireElastiCacheEncryption } from "./aws/requireElastiCacheEncryption";
import { requireKmsKeyRotation } from "./aws/requireKmsKeyRotation";
import { restrictWorkloadTrust } from "./aws/restrictWorkloadTrust";
import { requireRdsEncryption } from "./aws/requireRdsEncryption";
import { requireControlPlaneLogging } from "./eks/requireControlPlaneLogging";
import { requireSecretsEncryption } from "./eks/requireSecretsEncryption";
import { restrictPublicEndpoint } from "./eks/restrictPublicEndpoint";
import { disallowFaultInjection } from "./mesh/disallowFaultInjection";
import { requireNamespaceMtls } from "./mesh/requireNamespaceMtls";
import { requireSidecarInjection } from "./mesh/requireSidecarInjection";
import { requireStrictMtls } from "./mesh/requireStrictMtls";
import { restrictStoreServiceAccount } from "./secrets/restrictStoreServiceAccount";
import { disallowFixedReplicasWithHpa } from "./workloads/disallowFixedReplicasWithHpa";
import { disallowHostNamespaces } from "./workloads/disallowHostNamespaces";
import { disallowHostPath } from "./workloads/disallowHostPath";
import { disallowHostPorts } from "./workloads/disallowHostPorts";
import { disallowHostProcess } from "./workloads/disallowHostProcess";
import { disallowLatestTag } from "./workloads/disallowLatestTag";
import { disallowPrivilegeEscalation } from "./workloads/disallowPrivilegeEscalation";
import { disallowPrivileged } from "./workloads/disallowPrivileged";
import { disallowRootUser } from "./workloads/disallowRootUser";
import { requireDefaultProcMount } from "./workloads/requireDefaultProcMount";
import { requireDropAllCapabilities } from "./workloads/requireDropAllCapabilities";
import { requireMlToleration } from "./workloads/requireMlToleration";
import { requirePodAntiAffinity } from "./workloads/requirePodAntiAffinity";
import { requirePodDisruptionBudget } from "./workloads/requirePodDisruptionBudget";
import { requireProbes } from "./workloads/requireProbes";
import { requireReadOnlyRootFilesystem } from "./workloads/requireReadOnlyRootFilesystem";
import { requireResourceLimits } from "./workloads/requireResourceLimits";
import { requireRunAsNonRoot } from "./workloads/requireRunAsNonRoot";
import { requireSeccomp } from "./workloads/requireSeccomp";
import { restrictAppArmor } from "./workloads/restrictAppArmor";
import { restrictSelinux } from "./workloads/restrictSelinux";
import { restrictSysctls } from "./workloads/restrictSysctls";
import { restrictVolumeTypes } from "./workloads/restrictVolumeTypes";

/**
 * Whether a policy may apply to a resource type: the offline tools skip the calls it rules out (see
 * `policyMayApplyToType` in shared/policy.ts); the Pulumi CLI never reads it.
 */
export { policyMayApplyToType } from "./shared/policy";

/** Name of the pack (as published with `pulumi policy publish`). */
export const PACK_NAME = "supply-chain-platform";

/** The pack's enforcement level, for policies whose config sets none. */
export const PACK_ENFORCEMENT_LEVEL = "mandatory";

/** The core policies, mandatory in every stack. */
export const corePolicies = [
    requireResourceLimits,
    requireStrictMtls,
    requirePodAntiAffinity,
] as const;

export const policies: Policies = [
    ...corePolicies,
    requireNamespaceMtls,
    disallowLatestTag,
    requireProbes,
    disallowPrivileged,
    disallowHostNamespaces,
    disallowHostPath,
    disallowHostPorts,
    requireRunAsNonRoot,
    disallowPrivilegeEscalation,
    requireDropAllCapabilities,
    requireSeccomp,
    requireReadOnlyRootFilesystem,
    disallowHostProcess,
    restrictAppArmor,
    restrictSelinux,
    requireDefaultProcMount,
    restrictSysctls,
    restrictVolumeTypes,
    disallowRootUser,
    requireSidecarInjection,
    disallowFaultInjection,
    requirePodDisruptionBudget,
    disallowFixedReplicasWithHpa,
    requireMlToleration,
    requireSecretsEncryption,
    requireControlPlaneLogging,
    restrictPublicEndpoint,
    requireKmsKeyRotation,
    disallowIamWildcardActions,
    restrictWorkloadTrust,
    restrictStoreServiceAccount,
    requireRdsEncryption,
    requireElastiCacheEncryption,
    disallowPublicDatabases,
];
