/**
 * The AWS Load Balancer Controller: lets Kubernetes own AWS load balancers (the ingress gateway's NLB).
 *
 * Chart: aws/eks-charts `stable/aws-load-balancer-controller` (3.5.0, controller v3.5.0), read in
 * `values.yaml`, `templates/deployment.yaml`, `templates/webhook.yaml`, `templates/pdb.yaml` and
 * `templates/_helpers.tpl` at eks-charts commit 5239609. Its IAM policy is upstream's, scoped to this
 * cluster (`load-balancer-controller-policy.ts`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";

import { AddonScope, ChartSource, ChartWorkload, helmChart } from "../core/chart";
import type { AddonContext } from "../core/contract";
import { POD_IDENTITY_ROLLOUT_ANNOTATION } from "../../identity/mesh";
import { serviceAccountRole } from "../core/service-account-role";
import { loadBalancerControllerPolicy } from "./load-balancer-controller-policy";
import * as NS from "../core/namespaces";

/** Namespace of the controller (the upstream install guide's). */
export const LOAD_BALANCER_CONTROLLER_NAMESPACE = NS.KUBE_SYSTEM_NAMESPACE;
/** Service account of the controller; its Pod Identity association hands it the role. */
export const LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT = "aws-load-balancer-controller";
/**
 * The chart's webhook Service (`<namePrefix>-webhook-service`, namePrefix = chart name without
 * `-controller`, `_helpers.tpl`); the webhook certificate must name it.
 */
export const LOAD_BALANCER_WEBHOOK_SERVICE = "aws-load-balancer-webhook-service";
/** Controller image the chart pins (`image.repository` and `image.tag` of values.yaml, 3.5.0). */
export const LOAD_BALANCER_CONTROLLER_IMAGE =
    "public.ecr.aws/eks/aws-load-balancer-controller:v3.5.0";

/** Arguments for {@link installLoadBalancerController}. */
export interface LoadBalancerControllerArgs {
    /** The `aws-load-balancer-controller` chart from eks-charts. */
    readonly source: ChartSource;
    /** EKS cluster name: the controller's `--cluster-name` and the IAM policy's tag scope. */
    readonly clusterName: pulumi.Input<string>;
    /** VPC of the cluster (`--aws-vpc-id`; no instance metadata lookup). */
    readonly vpcId: pulumi.Input<string>;
    /**
     * Two replicas with a disruption budget.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
}

/** The webhook's serving certificate, as PEM. */
export interface WebhookTls {
    readonly caCert: pulumi.Input<string>;
    readonly cert: pulumi.Input<string>;
    readonly key: pulumi.Input<string>;
}

/**
 * Chart values: cluster, region and VPC set explicitly; no role annotation on the service account (the
 * role comes through EKS Pod Identity, {@link installLoadBalancerController}); a webhook
 * certificate from Pulumi state (the chart's own `genCA` would mint a new one on every render, and
 * `helm.v4.Chart` renders on every update); resources, probes, non-root read-only containers with
 * RuntimeDefault seccomp and node anti-affinity so the pods pass the policy pack.
 */
export function loadBalancerControllerValues(args: {
    clusterName: pulumi.Input<string>;
    region: pulumi.Input<string>;
    vpcId: pulumi.Input<string>;
    webhookTls: WebhookTls;
    highAvailability: boolean;
}) {
    const selector = { "app.kubernetes.io/name": "aws-load-balancer-controller" };
    return {
        // The Deployment and RBAC objects are named after the release unless overridden; the upstream
        // name keeps `deploy/aws-load-balancer-controller` valid for operators.
        fullnameOverride: "aws-load-balancer-controller",
        clusterName: args.clusterName,
        region: args.region,
        vpcId: args.vpcId,
        replicaCount: args.highAvailability ? 2 : 1,
        // pdb.yaml renders only with replicaCount > 1.
        podDisruptionBudget: { maxUnavailable: 1 },
        serviceAccount: {
            create: true,
            name: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        },
        podAnnotations: { ...POD_IDENTITY_ROLLOUT_ANNOTATION },
        webhookTLS: {
            caCert: args.webhookTls.caCert,
            cert: args.webhookTls.cert,
            key: args.webhookTls.key,
        },
        // The Service mutator webhook (failurePolicy Fail) intercepts every Service CREATE in the cluster
        // (webhook.yaml); with it on, no Service can be created while the controller is down. The gateway
        // selects this controller explicitly with `aws-load-balancer-type: external`.
        enableServiceMutatorWebhook: false,
        // No Ingress objects here: no default IngressClass is claimed.
        createIngressClassResource: false,
        resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        },
        podSecurityContext: {
            fsGroup: 65534,
            runAsNonRoot: true,
            seccompProfile: { type: "RuntimeDefault" },
        },
        securityContext: {
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            allowPrivilegeEscalation: false,
            privileged: false,
            capabilities: { drop: ["ALL"] },
            seccompProfile: { type: "RuntimeDefault" },
        },
        // The chart's default liveness (/healthz) and readiness (/readyz) probes on 61779 stay.
        affinity: {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            labelSelector: { matchLabels: selector },
                            topologyKey: "kubernetes.io/hostname",
                        },
                    },
                ],
            },
        },
    };
}

/**
 * The Deployment (and PDB) the chart renders with {@link loadBalancerControllerValues}
 * (`templates/deployment.yaml`, `pdb.yaml`): the chart's image, probes (`/healthz` and `/readyz` on
 * 61779), priority class and webhook certificate volume, with our resources, security contexts and
 * affinity. The PDB renders only with more than one replica. Named by `fullnameOverride`.
 *
 * Checked against aws-load-balancer-controller 3.5.0 rendered with helm template and the staging and production values.
 */
export function loadBalancerControllerWorkload(
    values: ReturnType<typeof loadBalancerControllerValues>,
): ChartWorkload {
    return {
        kind: "Deployment",
        name: values.fullnameOverride,
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        labels: { "app.kubernetes.io/name": "aws-load-balancer-controller" },
        replicas: values.replicaCount,
        pdb: values.replicaCount > 1 ? values.podDisruptionBudget : undefined,
        podSpec: {
            serviceAccountName: values.serviceAccount.name,
            volumes: [
                {
                    name: "cert",
                    secret: { defaultMode: 420, secretName: "aws-load-balancer-tls" },
                },
            ],
            securityContext: values.podSecurityContext,
            containers: [
                {
                    name: "aws-load-balancer-controller",
                    image: LOAD_BALANCER_CONTROLLER_IMAGE,
                    securityContext: values.securityContext,
                    volumeMounts: [
                        {
                            mountPath: "/tmp/k8s-webhook-server/serving-certs",
                            name: "cert",
                            readOnly: true,
                        },
                    ],
                    resources: values.resources,
                    livenessProbe: {
                        failureThreshold: 2,
                        httpGet: { path: "/healthz", port: 61779, scheme: "HTTP" },
                        initialDelaySeconds: 30,
                        timeoutSeconds: 10,
                    },
                    readinessProbe: {
                        failureThreshold: 2,
                        httpGet: { path: "/readyz", port: 61779, scheme: "HTTP" },
                        successThreshold: 1,
                        initialDelaySeconds: 10,
                        timeoutSeconds: 10,
                    },
                },
            ],
            terminationGracePeriodSeconds: 10,
            affinity: values.affinity,
            priorityClassName: "system-cluster-critical",
        },
    };
}

/** DNS names the webhook certificate must cover (`webhookCerts` in the chart's `_helpers.tpl`). */
export function webhookDnsNames(namespace = LOAD_BALANCER_CONTROLLER_NAMESPACE): string[] {
    const svc = LOAD_BALANCER_WEBHOOK_SERVICE;
    return [
        `${svc}.${namespace}`,
        `${svc}.${namespace}.svc`,
        `${svc}.${namespace}.svc.cluster.local`,
    ];
}

/** A CA and a serving certificate for the controller's webhooks, kept in Pulumi state (secret). */
function webhookCertificate(scope: AddonScope): WebhookTls {
    const opts = { parent: scope.parent };
    const id = `${scope.name}-aws-load-balancer-controller-webhook`;
    const caKey = new tls.PrivateKey(`${id}-ca`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, opts);
    const ca = new tls.SelfSignedCert(
        `${id}-ca`,
        {
            privateKeyPem: caKey.privateKeyPem,
            subject: { commonName: "aws-load-balancer-controller-ca" },
            isCaCertificate: true,
            validityPeriodHours: 10 * 365 * 24,
            allowedUses: ["cert_signing", "key_encipherment", "digital_signature"],
        },
        opts,
    );
    const key = new tls.PrivateKey(id, { algorithm: "ECDSA", ecdsaCurve: "P256" }, opts);
    const request = new tls.CertRequest(
        id,
        {
            privateKeyPem: key.privateKeyPem,
            subject: { commonName: LOAD_BALANCER_WEBHOOK_SERVICE },
            dnsNames: webhookDnsNames(),
        },
        opts,
    );
    const cert = new tls.LocallySignedCert(
        id,
        {
            certRequestPem: request.certRequestPem,
            caPrivateKeyPem: caKey.privateKeyPem,
            caCertPem: ca.certPem,
            validityPeriodHours: 10 * 365 * 24,
            allowedUses: ["key_encipherment", "digital_signature", "server_auth"],
        },
        opts,
    );
    return { caCert: ca.certPem, cert: cert.certPem, key: pulumi.secret(key.privateKeyPem) };
}

/**
 * Installs the controller in kube-system with its role (upstream policy, scoped to the cluster) through
 * EKS Pod Identity: the controller v3 is built on aws-sdk-go-v2 (kubernetes-sigs/aws-load-balancer-controller
 * `go.mod`: `aws-sdk-go-v2/config` v1.32), whose default chain has the Pod Identity container
 * provider (docs/identity.md). Returns what a LoadBalancer Service must wait for (empty when disabled).
 */
export function installLoadBalancerController(
    scope: AddonContext,
    args: LoadBalancerControllerArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    const id = `${scope.name}-aws-load-balancer-controller`;
    const region = scope.region;
    const location = pulumi.all([scope.partition, region, scope.accountId]);
    const { ready } = serviceAccountRole(scope, `${id}-irsa`, {
        identity: "pod-identity",
        namespace: LOAD_BALANCER_CONTROLLER_NAMESPACE,
        serviceAccountName: LOAD_BALANCER_CONTROLLER_SERVICE_ACCOUNT,
        policy: pulumi
            .all([args.clusterName, location])
            .apply(([name, [partition, reg, accountId]]) =>
                JSON.stringify(
                    loadBalancerControllerPolicy(name, { partition, region: reg, accountId }),
                ),
            ),
    });
    const chart = helmChart(
        scope,
        "aws-load-balancer-controller",
        args.source,
        "aws-load-balancer-controller",
        LOAD_BALANCER_CONTROLLER_NAMESPACE,
        loadBalancerControllerValues({
            clusterName: args.clusterName,
            region,
            vpcId: args.vpcId,
            webhookTls: webhookCertificate(scope),
            highAvailability: args.highAvailability ?? false,
        }),
        // The controller calls AWS as soon as it starts: its permissions and association come first.
        ready,
    );
    return [chart];
}
