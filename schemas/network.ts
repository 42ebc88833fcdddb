/**
 * Network and region facts: VPC and endpoint CIDR blocks, the stack's region and its availability
 * zones, and the Kubernetes version against the EKS release calendar (schemas/aws-facts.ts).
 */
import { z } from "zod";

import {
    EKS_CALENDAR_CHECKED,
    EKS_REGIONS,
    PRIVATE_RANGES,
    supportedEksVersions,
    VPC_PREFIX,
} from "./aws-facts";

/** The most zones the subnet plan has room for (components/cluster/spec.ts `planSubnets`). */
export const MAX_ZONES = 6;
/** The smallest VPC the subnet plan fits: six /(n+3) private and six /(n+6) public subnets, n+6 <= 28. */
export const MAX_VPC_PREFIX = 22;

function ipToInt(ip: string): number {
    return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function intToIp(n: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** Network address and prefix of an IPv4 CIDR block (already syntax-checked). */
export function parseCidr(cidr: string): { base: number; prefix: number; network: string } {
    const [ip, bits] = cidr.split("/");
    const prefix = Number(bits);
    const size = 2 ** (32 - prefix);
    const base = ipToInt(ip);
    return { base, prefix, network: `${intToIp(base - (base % size))}/${prefix}` };
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
    const a = parseCidr(inner);
    const b = parseCidr(outer);
    const bSize = 2 ** (32 - b.prefix);
    const bStart = b.base - (b.base % bSize);
    return a.prefix >= b.prefix && a.base >= bStart && a.base < bStart + bSize;
}

/** True for a syntactically valid IPv4 CIDR block (zod reports the others). */
function validCidr(cidr: string): boolean {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
    return m !== null && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** True for a valid IPv4 CIDR block written as its network address. */
export function isNetworkCidr(cidr: string): boolean {
    return validCidr(cidr) && parseCidr(cidr).network === cidr;
}

/** An IPv4 CIDR block written as a network address (no host bits set). */
export const networkCidr = z.cidrv4().superRefine((cidr, ctx) => {
    if (!validCidr(cidr)) {
        return;
    }
    const { network } = parseCidr(cidr);
    if (network !== cidr) {
        ctx.addIssue({
            code: "custom",
            message: `must be a network address with no host bits set (did you mean ${network}?)`,
            input: cidr,
        });
    }
});

/** The VPC block: a network address, /16 to /22, inside a private range. */
export const vpcCidr = networkCidr.superRefine((cidr, ctx) => {
    if (!validCidr(cidr) || parseCidr(cidr).network !== cidr) {
        return;
    }
    const { prefix } = parseCidr(cidr);
    if (prefix < VPC_PREFIX.min || prefix > MAX_VPC_PREFIX) {
        ctx.addIssue({
            code: "custom",
            message: `must be a /${VPC_PREFIX.min} to /${MAX_VPC_PREFIX} block (AWS allows /${VPC_PREFIX.min} to /${VPC_PREFIX.max} for a VPC; the subnet plan carves ${MAX_ZONES} private and ${MAX_ZONES} public subnets, the public ones 6 bits longer than the VPC, so at most /${MAX_VPC_PREFIX})`,
            input: cidr,
        });
    } else if (!PRIVATE_RANGES.some((range) => cidrWithin(cidr, range))) {
        ctx.addIssue({
            code: "custom",
            message: `must lie in a private range (${PRIVATE_RANGES.join(", ")})`,
            input: cidr,
        });
    }
});

/** What the region checks need from the config. */
interface RegionFacts {
    readonly cluster: {
        readonly kubernetesVersion: string;
        readonly vpc: { readonly availabilityZones?: readonly string[] };
    };
}

/**
 * Checks the stack's region (`aws:region`) and the zones in it, and the Kubernetes version against the
 * EKS calendar on `day` (ISO date).
 */
export function checkRegionAndVersion(
    c: RegionFacts,
    region: string | undefined,
    day: string,
    ctx: z.RefinementCtx,
): void {
    if (region === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["aws:region"],
            message:
                "must be set in the stack file (pulumi config set aws:region <region>) or in AWS_REGION",
            input: undefined,
        });
    } else if (!EKS_REGIONS.includes(region)) {
        ctx.addIssue({
            code: "custom",
            path: ["aws:region"],
            message:
                "must be an AWS region where EKS runs, like us-west-2 or eu-west-1 (the list and its source are in schemas/aws-facts.ts)",
            input: region,
        });
    } else {
        (c.cluster.vpc.availabilityZones ?? []).forEach((zone, i) => {
            if (!new RegExp(`^${region}[a-z]$`).test(zone)) {
                ctx.addIssue({
                    code: "custom",
                    path: ["cluster", "vpc", "availabilityZones", i],
                    message: `must be a zone of the stack's region ${region} (aws:region), like ${region}a`,
                    input: zone,
                });
            }
        });
    }
    const supported = supportedEksVersions(day);
    // A malformed version is refused by the cluster schema's own rule.
    if (
        /^1\.\d{2}$/.test(c.cluster.kubernetesVersion) &&
        !supported.includes(c.cluster.kubernetesVersion)
    ) {
        ctx.addIssue({
            code: "custom",
            path: ["cluster", "kubernetesVersion"],
            message: `must be a version EKS supports on ${day} (${supported.join(", ")}; release calendar in schemas/aws-facts.ts, checked ${EKS_CALENDAR_CHECKED})`,
            input: c.cluster.kubernetesVersion,
        });
    }
}

/**
 * Ranges no request to the public endpoint comes from (IANA IPv4 special-purpose registry, RFC 6890:
 * "this network", private (RFC 1918), shared/CGNAT (RFC 6598), loopback, link-local, multicast and
 * reserved). The public endpoint sees Internet source addresses only, so such a block admits nobody
 * (a VPC range belongs in `privateAccessCidrs`), and EKS refuses reserved addresses in
 * `publicAccessCidrs` (AWS knowledge center, "How do I lock down API access to specific IP addresses
 * in my Amazon EKS cluster?": "These CIDR blocks can't include reserved addresses").
 */
export const NON_INTERNET_RANGES: readonly string[] = [
    "0.0.0.0/8",
    ...PRIVATE_RANGES,
    "100.64.0.0/10",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "224.0.0.0/4",
    "240.0.0.0/4",
];
/** Most blocks EKS takes in `publicAccessCidrs` (aws/containers-roadmap#2174: "only supports 40"). */
export const MAX_PUBLIC_ACCESS_CIDRS = 40;
/** The widest single block the public endpoint may admit: an office or VPN range is far narrower. */
export const WIDEST_PUBLIC_ACCESS_PREFIX = 8;

/** Number of IPv4 addresses the union of `cidrs` covers (syntax-checked blocks). */
export function addressesCovered(cidrs: readonly string[]): number {
    const spans = cidrs
        .map((c) => {
            const { base, prefix } = parseCidr(c);
            const size = 2 ** (32 - prefix);
            const start = base - (base % size);
            return [start, start + size] as const;
        })
        .sort((a, b) => a[0] - b[0]);
    let total = 0;
    let end = 0;
    for (const [s, e] of spans) {
        if (e > end) {
            total += e - Math.max(s, end);
            end = e;
        }
    }
    return total;
}

/** True when the two blocks share an address. */
export function cidrsOverlap(a: string, b: string): boolean {
    return cidrWithin(a, b) || cidrWithin(b, a);
}

/**
 * Problems of the public endpoint's allow-list, as `[index or undefined, message]`: the whole Internet
 * in any spelling (0.0.0.0/0, or blocks that together cover every address), a block wider than
 * /{@link WIDEST_PUBLIC_ACCESS_PREFIX}, a block that is not Internet address space, more blocks than
 * EKS takes. `cidrs` are syntax-checked network addresses.
 */
export function publicAccessIssues(cidrs: readonly string[]): [number | undefined, string][] {
    if (cidrs.length > MAX_PUBLIC_ACCESS_CIDRS) {
        return [[undefined, `must list at most ${MAX_PUBLIC_ACCESS_CIDRS} blocks (the EKS limit)`]];
    }
    if (cidrs.length > 0 && addressesCovered(cidrs) === 2 ** 32) {
        return [
            [
                undefined,
                "must not admit the whole Internet (these blocks together cover 0.0.0.0/0): list the office, VPN and runner ranges that call the API, or turn publicAccess off",
            ],
        ];
    }
    const issues: [number | undefined, string][] = [];
    cidrs.forEach((cidr, i) => {
        const reserved = NON_INTERNET_RANGES.find((r) => cidrsOverlap(cidr, r));
        if (parseCidr(cidr).prefix < WIDEST_PUBLIC_ACCESS_PREFIX) {
            issues.push([
                i,
                `must be a /${WIDEST_PUBLIC_ACCESS_PREFIX} or narrower block (a wider one opens the API to a large part of the Internet): list the office, VPN and runner ranges that call it`,
            ]);
        } else if (reserved) {
            issues.push([
                i,
                `must be Internet address space, not overlap ${reserved} (the public endpoint never sees such a source, and EKS refuses reserved addresses; VPC ranges belong in privateAccessCidrs)`,
            ]);
        }
    });
    return issues;
}
