/**
 * Schema of the `ingress` config key (the Istio ingress gateway behind an AWS load balancer) and of a
 * service's `expose` intent, plus the checks that span keys (unique routes, TLS in production, DNS zone).
 */
import { z } from "zod";

import { LOAD_BALANCER_CONTROLLER_POLICY_VERSION } from "../components/addons/load-balancer-controller/load-balancer-controller-policy";
import { HEALTH_PATH } from "../components/ingress/spec";
import { dnsLabel } from "./common";
import { networkCidr } from "./network";

/** A lowercase DNS name (RFC 1123): dot-separated labels, at most 253 characters. */
export const dnsName = z
    .string()
    .max(253, "must be at most 253 characters")
    .regex(
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
        "must be a lowercase DNS name like api.internal",
    );

/** A URL path prefix: starts with `/`, one or more segments, no trailing `/`. */
export const pathPrefix = z
    .string()
    .regex(
        /^(\/[A-Za-z0-9._~-]+)+$/,
        "must be a path starting with / like /inventory (letters, digits, . _ ~ - per segment; no trailing /)",
    );

/** A service's `expose` intent: the gateway routes `host` + `pathPrefix` (and below) to the service. */
export const exposeSchema = z.strictObject({
    host: dnsName,
    pathPrefix,
});

const acmCertificateArn = z
    .string()
    .regex(
        /^arn:aws[\w-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
        "must be an ACM certificate ARN like arn:aws:acm:us-west-2:111122223333:certificate/<id>",
    );

/** The `ingress` key. */
export const ingressSchema = z
    .strictObject({
        enabled: z.boolean().default(false),
        /** Namespace of the gateway pods. */
        namespace: dnsLabel.default("istio-ingress"),
        /** Load balancer scheme: `internal` (private subnets) unless the stack asks for the internet. */
        scheme: z.enum(["internal", "internet-facing"]).default("internal"),
        /** TLS on the load balancer's listener with this ACM certificate (port 443 instead of 80). */
        tls: z.strictObject({ certificateArn: acmCertificateArn }).optional(),
        /** Client CIDRs allowed to reach the load balancer. */
        sourceRanges: z.array(networkCidr).default([]),
        /** Gateway replicas (HorizontalPodAutoscaler bounds). */
        replicas: z
            .strictObject({ min: z.int().min(1), max: z.int().min(1) })
            .default({ min: 2, max: 5 }),
        /** Private DNS: a Route 53 private hosted zone for the VPC with an alias record per exposed host. */
        dns: z.strictObject({ zone: dnsName }).optional(),
    })
    .superRefine((i, ctx) => {
        if (i.replicas.max < i.replicas.min) {
            ctx.addIssue({
                code: "custom",
                path: ["replicas", "max"],
                message: `must be >= replicas.min (${i.replicas.min})`,
                input: i.replicas.max,
            });
        }
    });

/** Validated `ingress` key. */
export type IngressConfig = z.output<typeof ingressSchema>;

/** What the cross-key checks read from the whole config. */
interface IngressContext {
    readonly production: boolean;
    readonly ingress: IngressConfig;
    readonly services: Record<string, { expose?: { host: string; pathPrefix: string } }>;
    readonly addons: {
        readonly istio: { enabled: boolean };
        readonly awsLoadBalancerController: { enabled: boolean; version?: string };
    };
}

const inZone = (host: string, zone: string) => host === zone || host.endsWith(`.${zone}`);

/**
 * Checks that span keys: exposed routes are unique and need the ingress; the ingress needs Istio and
 * the load balancer controller; internet-facing production traffic is encrypted; hosts sit in the zone.
 */
export function checkIngress(c: IngressContext, ctx: z.RefinementCtx): void {
    const issue = (path: (string | number)[], message: string, input: unknown) =>
        ctx.addIssue({ code: "custom", path, message, input });
    const controller = c.addons.awsLoadBalancerController;
    const expectedVersion = LOAD_BALANCER_CONTROLLER_POLICY_VERSION.replace(/^v/, "");
    if (controller.enabled && controller.version !== undefined) {
        if (controller.version !== expectedVersion) {
            issue(
                ["addons", "awsLoadBalancerController", "version"],
                `must be ${expectedVersion}: the controller's IAM policy in components/addons/load-balancer-controller/data is upstream's for ${LOAD_BALANCER_CONTROLLER_POLICY_VERSION} (update both together)`,
                controller.version,
            );
        }
    }
    const taken = new Map<string, string>();
    for (const [name, service] of Object.entries(c.services)) {
        const expose = service.expose;
        if (!expose) {
            continue;
        }
        const path = ["services", name, "expose"];
        if (!c.ingress.enabled) {
            issue(path, "requires ingress.enabled: true (the gateway that routes to it)", expose);
            continue;
        }
        const p = expose.pathPrefix;
        if (p === HEALTH_PATH || p.startsWith(`${HEALTH_PATH}/`)) {
            issue(
                [...path, "pathPrefix"],
                `must not be ${HEALTH_PATH} or below it (the gateway answers ${HEALTH_PATH} itself)`,
                p,
            );
        }
        const key = `${expose.host}${p}`;
        const other = taken.get(key);
        if (other !== undefined) {
            issue(
                [...path, "pathPrefix"],
                `must differ from services.${other}.expose.pathPrefix on host ${expose.host} (each route goes to one service)`,
                p,
            );
        } else {
            taken.set(key, name);
        }
        if (
            c.ingress.dns &&
            dnsName.safeParse(expose.host).success &&
            !inZone(expose.host, c.ingress.dns.zone)
        ) {
            issue(
                [...path, "host"],
                `must be inside ingress.dns.zone (${c.ingress.dns.zone}) so its record can be created`,
                expose.host,
            );
        }
    }
    if (!c.ingress.enabled) {
        return;
    }
    if (!c.addons.istio.enabled) {
        issue(
            ["ingress", "enabled"],
            "requires addons.istio.enabled (the gateway is Istio's)",
            true,
        );
    }
    if (!controller.enabled) {
        issue(
            ["ingress", "enabled"],
            "requires addons.awsLoadBalancerController.enabled (it creates the load balancer)",
            true,
        );
    }
    if (c.production && c.ingress.scheme === "internet-facing" && !c.ingress.tls) {
        issue(
            ["ingress", "tls"],
            "must set certificateArn (an ACM certificate) when ingress.scheme is internet-facing in production",
            c.ingress.tls,
        );
    }
    // In every stack: the pack's workloads-require-pod-disruption-budget admits no budget for an
    // autoscaled workload at one replica (maxUnavailable 1 lets it go, minAvailable 1 blocks drains).
    if (c.ingress.replicas.min < 2) {
        issue(
            ["ingress", "replicas", "min"],
            "must be >= 2 (one gateway pod is a single point of failure for all traffic in, and no disruption budget keeps one pod serving through a node drain)",
            c.ingress.replicas.min,
        );
    }
}

/**
 * The load balancer's certificate must live in the stack's own region: a load balancer can use only
 * ACM certificates of its region (ACM User Guide, "Supported Regions": "Certificates in ACM are
 * regional resources. To use a certificate with Elastic Load Balancing ... in more than one AWS region,
 * you must request or import a certificate for each region").
 */
export function checkCertificateRegion(
    ingress: { readonly tls?: { readonly certificateArn: string } },
    region: string | undefined,
    ctx: z.RefinementCtx,
): void {
    const arn = ingress.tls?.certificateArn;
    const certRegion = /^arn:aws[\w-]*:acm:([a-z0-9-]+):/.exec(arn ?? "")?.[1];
    if (arn && region && certRegion !== undefined && certRegion !== region) {
        ctx.addIssue({
            code: "custom",
            path: ["ingress", "tls", "certificateArn"],
            message: `must be a certificate of the stack's region ${region} (aws:region): a load balancer uses ACM certificates of its own region only`,
            input: arn,
        });
    }
}
