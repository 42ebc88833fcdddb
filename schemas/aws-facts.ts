/**
 * Facts about AWS and EKS the config is checked against. Maintained by hand, each table with its
 * source and the date it was checked; update the table (not the rule) when AWS changes.
 */

/**
 * Regions where Amazon EKS runs (commercial, GovCloud and China partitions).
 *
 * Source: "Amazon Elastic Kubernetes Service endpoints and quotas", checked 2026-11-24:
 * https://docs.aws.amazon.com/general/latest/gr/eks.html
 */
export const EKS_REGIONS: readonly string[] = [
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
    "af-south-1",
    "ap-east-1",
    "ap-east-2",
    "ap-south-1",
    "ap-south-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-4",
    "ap-southeast-5",
    "ap-southeast-6",
    "ap-southeast-7",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ca-central-1",
    "ca-west-1",
    "eu-central-1",
    "eu-central-2",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "eu-south-1",
    "eu-south-2",
    "eu-north-1",
    "il-central-1",
    "me-south-1",
    "me-central-1",
    "mx-central-1",
    "sa-east-1",
    "us-gov-east-1",
    "us-gov-west-1",
    "cn-north-1",
    "cn-northwest-1",
];

/** One Kubernetes minor version on EKS: release and end-of-support dates (UTC, ISO). */
export interface EksVersion {
    readonly version: string;
    readonly released: string;
    readonly endOfStandardSupport: string;
    readonly endOfExtendedSupport: string;
}

/** Date the EKS version calendar below was last checked. */
export const EKS_CALENDAR_CHECKED = "2026-11-24";

/**
 * The Amazon EKS Kubernetes release calendar. A cluster can be created on a version in standard or
 * extended support; after the end of extended support EKS upgrades the control plane by itself.
 *
 * Source: "Amazon EKS Kubernetes release calendar",
 * https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html#kubernetes-release-calendar
 * (awsdocs/amazon-eks-user-guide, latest/ug/versioning/kubernetes-versions.adoc at 0138560 for
 * 1.29 to 1.34; 1.35 from the same page's later revision: released on EKS 2026-01-27).
 */
export const EKS_VERSIONS: readonly EksVersion[] = [
    {
        version: "1.29",
        released: "2024-01-23",
        endOfStandardSupport: "2025-03-23",
        endOfExtendedSupport: "2026-03-23",
    },
    {
        version: "1.30",
        released: "2024-05-23",
        endOfStandardSupport: "2025-07-23",
        endOfExtendedSupport: "2026-07-23",
    },
    {
        version: "1.31",
        released: "2024-09-26",
        endOfStandardSupport: "2025-11-26",
        endOfExtendedSupport: "2026-11-26",
    },
    {
        version: "1.32",
        released: "2025-01-23",
        endOfStandardSupport: "2026-03-23",
        endOfExtendedSupport: "2027-03-23",
    },
    {
        version: "1.33",
        released: "2025-05-29",
        endOfStandardSupport: "2026-07-29",
        endOfExtendedSupport: "2027-07-29",
    },
    {
        version: "1.34",
        released: "2025-10-02",
        endOfStandardSupport: "2026-12-02",
        endOfExtendedSupport: "2027-12-02",
    },
    {
        version: "1.35",
        released: "2026-01-27",
        endOfStandardSupport: "2027-03-27",
        endOfExtendedSupport: "2028-03-27",
    },
];

/** Versions EKS accepts for a cluster on `day` (ISO date): released and before end of extended support. */
export function supportedEksVersions(day: string): string[] {
    return EKS_VERSIONS.filter((v) => v.released <= day && day < v.endOfExtendedSupport).map(
        (v) => v.version,
    );
}

/**
 * VPC IPv4 block sizes AWS allows (/16 to /28) and the private ranges (RFC 1918) a cluster VPC must
 * use.
 *
 * @see https://docs.aws.amazon.com/vpc/latest/userguide/vpc-cidr-blocks.html
 */
export const VPC_PREFIX = { min: 16, max: 28 } as const;
export const PRIVATE_RANGES: readonly string[] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
