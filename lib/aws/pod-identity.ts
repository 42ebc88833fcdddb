/**
 * EKS Pod Identity trust policies. A role that EKS Pod Identity assumes trusts the service principal
 * `pods.eks.amazonaws.com` with `sts:AssumeRole` and `sts:TagSession`; the session tags EKS sets
 * (`eks-cluster-arn`, `kubernetes-namespace`, `kubernetes-service-account`) narrow the trust to one
 * service account of one cluster, so the role is useless to any other association in the account.
 * The cluster is named by its ARN, not its name: the ARN carries the account and region, so a cluster
 * of the same name elsewhere never matches.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html
 */

/** The service principal of EKS Pod Identity. */
export const POD_IDENTITY_PRINCIPAL = "pods.eks.amazonaws.com";

/** The actions EKS Pod Identity needs in a role's trust policy. */
export const POD_IDENTITY_ACTIONS = ["sts:AssumeRole", "sts:TagSession"] as const;

/** The session-tag condition keys every Pod Identity trust of this platform sets (the pack checks them). */
export const POD_IDENTITY_TRUST_TAGS = [
    "aws:RequestTag/eks-cluster-arn",
    "aws:RequestTag/kubernetes-namespace",
    "aws:RequestTag/kubernetes-service-account",
] as const;

/** The ARN of an EKS cluster: `arn:<partition>:eks:<region>:<account>:cluster/<name>`. */
export function eksClusterArn(
    partition: string,
    region: string,
    accountId: string,
    clusterName: string,
): string {
    return `arn:${partition}:eks:${region}:${accountId}:cluster/${clusterName}`;
}

/** The one service account a Pod Identity role is for. */
export interface PodIdentitySubject {
    /** ARN of the EKS cluster ({@link eksClusterArn}). */
    readonly clusterArn: string;
    /** Namespace of the service account. */
    readonly namespace: string;
    /** Name of the service account. */
    readonly serviceAccount: string;
}

/** The trust policy of a Pod Identity role, limited by session tags to one service account. */
export function podIdentityTrustPolicy(subject: PodIdentitySubject): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "AllowEksAuthToAssumeRoleForPodIdentity",
                Effect: "Allow",
                Principal: { Service: POD_IDENTITY_PRINCIPAL },
                Action: [...POD_IDENTITY_ACTIONS],
                Condition: {
                    StringEquals: {
                        "aws:RequestTag/eks-cluster-arn": subject.clusterArn,
                        "aws:RequestTag/kubernetes-namespace": subject.namespace,
                        "aws:RequestTag/kubernetes-service-account": subject.serviceAccount,
                    },
                },
            },
        ],
    });
}
