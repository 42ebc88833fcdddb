/**
 * The Istio ingress gateway: Envoy pods from Istio's `gateway` chart in their own namespace, behind an
 * AWS Network Load Balancer that the AWS Load Balancer Controller creates for a Service we own.
 *
 * Chart: istio/istio `manifests/charts/gateway` at tag 1.30.3 (commit 56df41f), read in `values.yaml`,
 * `values.schema.json`, `templates/deployment.yaml`, `templates/service.yaml`,
 * `templates/poddisruptionbudget.yaml`, `templates/hpa.yaml` and `templates/_helpers.tpl`; the pods are
 * completed by istiod's `gateway` injection template
 * (`manifests/charts/istio-control/istio-discovery/files/gateway-injection-template.yaml`), which sets
 * the proxy image and the readiness probe on 15021 `/healthz/ready`. The gateway pod IS the proxy: it
 * has no sidecar. Load balancer annotations: kubernetes-sigs/aws-load-balancer-controller v3.5.0
 * `docs/guide/service/annotations.md`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { meshedNamespaceLabels, PART_OF, WorkloadIdentity } from "../../internal/labels";
import { AddonScope, ChartSource, ChartWorkload, helmChart, k8sOptions } from "../core/chart";

/** Release, Deployment, Service and service account name of the gateway (`gateway.name`). */
export const GATEWAY_NAME = "istio-ingress";
/** Labels the chart puts on the gateway pods (`gateway.selectorLabels`: app, istio = name minus `istio-`). */
export const GATEWAY_SELECTOR = { app: GATEWAY_NAME, istio: "ingress" };
/** Envoy's readiness endpoint on the gateway (istiod's gateway injection template). */
export const GATEWAY_HEALTH = { port: 15021, path: "/healthz/ready" };
/** Port the gateway's HTTP listener binds in the pod (the Istio Gateway server port). */
export const GATEWAY_HTTP_PORT = 80;
/**
 * The image the chart writes for the proxy container (`templates/deployment.yaml`, no value changes
 * it). istiod's injection webhook replaces it at pod admission with the template's image,
 * `<global.hub>/proxyv2:<global.tag>` of istiod's values: `gcr.io/istio-release/proxyv2:<addons.istio.version>`
 * (`pkg/kube/inject/webhook.go`, `AutoImage` and `reapplyOverwrittenContainers`, tag 1.30.3).
 */
export const GATEWAY_CHART_IMAGE = "auto";
/**
 * Pod annotations of the chart's `values.yaml` (`podAnnotations`, kept: we set none): scraping of the
 * proxy's merged metrics and the `gateway` injection template.
 */
export const GATEWAY_POD_ANNOTATIONS = {
    "prometheus.io/port": "15020",
    "prometheus.io/scrape": "true",
    "prometheus.io/path": "/stats/prometheus",
    "inject.istio.io/templates": "gateway",
    "sidecar.istio.io/inject": "true",
};

const ANNOTATION = "service.beta.kubernetes.io/aws-load-balancer";

/** Settings of the gateway (from the `ingress` config key). */
export interface IngressGatewaySettings {
    /** Namespace of the gateway pods. */
    readonly namespace: string;
    /** `internal` (private subnets) or `internet-facing` (public subnets). */
    readonly scheme: "internal" | "internet-facing";
    /** TLS on the load balancer with an ACM certificate. @default - plain HTTP on port 80 */
    readonly tls?: { readonly certificateArn: string };
    /** Client CIDRs allowed to reach the load balancer. @default [] (everyone who can route to it) */
    readonly sourceRanges?: readonly string[];
    /** HorizontalPodAutoscaler bounds of the gateway. */
    readonly replicas: { readonly min: number; readonly max: number };
}

/** Arguments for {@link installIngressGateway}. */
export interface IngressGatewayArgs extends IngressGatewaySettings {
    /** The Istio charts (the gateway chart is versioned with istiod). */
    readonly source: ChartSource;
    /** istiod and its CRDs: the gateway pods are completed by its injection webhook. */
    readonly istio: pulumi.Resource[];
    /**
     * The load balancer controller: its webhooks and reconciler must run before the gateway's pods
     * (readiness gates) and its Service (the NLB) exist.
     */
    readonly loadBalancerController: pulumi.Resource[];
}

/** What routes and policies need to know about an installed gateway. */
export interface IngressGatewayInfo {
    readonly namespace: string;
    /** The gateway pods' identity (service account), admitted by exposed services' policies. */
    readonly identity: WorkloadIdentity;
    /** Labels an Istio `Gateway` selects the pods by. */
    readonly selector: Record<string, string>;
    /** DNS name of the load balancer (`status.loadBalancer.ingress[0].hostname`). */
    readonly hostname: pulumi.Output<string>;
    /** Port the gateway's HTTP listener binds in the pod. */
    readonly httpPort: number;
    /** Objects routes must wait for (namespace, chart, Service). */
    readonly ready: pulumi.Resource[];
}

/** The gateway's namespace: injection on (gateway template), restricted PSS, NLB readiness gates. */
export function gatewayNamespaceLabels(): Record<string, string> {
    return {
        ...meshedNamespaceLabels(),
        // The controller injects readiness gates so a rollout waits until new pods are healthy targets.
        "elbv2.k8s.aws/pod-readiness-gate-inject": "enabled",
    };
}

/**
 * Chart values. `service.type: None` because we own the Service (below). Pod and container security
 * contexts are given in full (giving them replaces the chart's defaults), keeping the chart's sysctl
 * that lets the non-root proxy bind port 80 (allowed by the baseline and restricted standards).
 */
export function gatewayValues(s: IngressGatewaySettings) {
    const runtimeDefault = { type: "RuntimeDefault" };
    return {
        name: GATEWAY_NAME,
        service: { type: "None" },
        autoscaling: {
            enabled: true,
            minReplicas: s.replicas.min,
            maxReplicas: s.replicas.max,
            targetCPUUtilizationPercentage: 80,
        },
        podDisruptionBudget: { maxUnavailable: 1 },
        resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "2", memory: "1Gi" },
        },
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 1337,
            runAsGroup: 1337,
            fsGroup: 1337,
            seccompProfile: runtimeDefault,
            sysctls: [{ name: "net.ipv4.ip_unprivileged_port_start", value: "0" }],
        },
        containerSecurityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: 1337,
            runAsGroup: 1337,
            capabilities: { drop: ["ALL"] },
            seccompProfile: runtimeDefault,
        },
        readinessProbe: {
            httpGet: { path: GATEWAY_HEALTH.path, port: GATEWAY_HEALTH.port },
            periodSeconds: 5,
            timeoutSeconds: 3,
            failureThreshold: 4,
        },
        // Keep serving while the load balancer deregisters the pod (deregistration delay 30s).
        lifecycle: { preStop: { sleep: { seconds: 15 } } },
        terminationGracePeriodSeconds: 45,
        affinity: {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            labelSelector: { matchLabels: GATEWAY_SELECTOR },
                            topologyKey: "kubernetes.io/hostname",
                        },
                    },
                ],
            },
        },
        topologySpreadConstraints: [
            {
                maxSkew: 1,
                topologyKey: "topology.kubernetes.io/zone",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: GATEWAY_SELECTOR },
            },
        ],
    };
}

/**
 * The Deployment, HPA and PDB the `gateway` chart renders with {@link gatewayValues}: the objects the
 * engine and the policy pack see (`templates/deployment.yaml`, `hpa.yaml`, `poddisruptionbudget.yaml`,
 * `_helpers.tpl`, `zzz_profile.yaml` at tag 1.30.3). The proxy container carries
 * {@link GATEWAY_CHART_IMAGE} and our readiness probe and no liveness probe: the template has no value
 * for one. Injection later adds the pinned image, its token, certificate and Envoy volumes (emptyDir,
 * projected, configMap, downwardAPI) and `runAsUser`/`runAsGroup` 1337, all within the restricted Pod
 * Security Standard; the chart's pod has none of them yet.
 *
 * Checked against gateway 1.30.3 rendered with helm template and the staging and production values.
 */
export function ingressGatewayWorkload(
    namespace: string,
    values: ReturnType<typeof gatewayValues>,
): ChartWorkload {
    return {
        kind: "Deployment",
        name: values.name,
        namespace,
        labels: {
            "sidecar.istio.io/inject": "true",
            ...GATEWAY_SELECTOR,
            "app.kubernetes.io/name": values.name,
            "app.kubernetes.io/part-of": "istio",
            // values.yaml `labels`: the gateway stays out of ambient mode.
            "istio.io/dataplane-mode": "none",
        },
        annotations: GATEWAY_POD_ANNOTATIONS,
        // autoscaling.enabled: no `replicas` in the Deployment; hpa.yaml renders for kind Deployment.
        hpa: {
            minReplicas: values.autoscaling.minReplicas,
            maxReplicas: values.autoscaling.maxReplicas,
        },
        pdb: values.podDisruptionBudget,
        podSpec: {
            serviceAccountName: values.name,
            securityContext: values.securityContext,
            containers: [
                {
                    name: "istio-proxy",
                    image: GATEWAY_CHART_IMAGE,
                    securityContext: values.containerSecurityContext,
                    env: [],
                    ports: [{ containerPort: 15090, protocol: "TCP", name: "http-envoy-prom" }],
                    resources: values.resources,
                    readinessProbe: values.readinessProbe,
                    lifecycle: values.lifecycle,
                },
            ],
            affinity: values.affinity,
            topologySpreadConstraints: values.topologySpreadConstraints,
            terminationGracePeriodSeconds: values.terminationGracePeriodSeconds,
        },
    };
}

/**
 * The gateway's Service of type LoadBalancer: an NLB from the AWS Load Balancer Controller
 * (`aws-load-balancer-type: external`) sending to pod IPs (`nlb-target-type: ip`), internal unless asked,
 * health-checked on Envoy's readiness endpoint. With TLS, the NLB terminates it on 443 with the ACM
 * certificate and forwards plain HTTP to the gateway's port 80.
 */
export function gatewayService(s: IngressGatewaySettings) {
    const tls: Record<string, string> = s.tls
        ? {
              [`${ANNOTATION}-ssl-cert`]: s.tls.certificateArn,
              [`${ANNOTATION}-ssl-ports`]: "https",
              [`${ANNOTATION}-ssl-negotiation-policy`]: "ELBSecurityPolicy-TLS13-1-2-2021-06",
          }
        : {};
    return {
        metadata: {
            name: GATEWAY_NAME,
            namespace: s.namespace,
            labels: {
                ...GATEWAY_SELECTOR,
                "app.kubernetes.io/name": GATEWAY_NAME,
                "app.kubernetes.io/part-of": PART_OF,
                "app.kubernetes.io/managed-by": "pulumi",
            },
            annotations: {
                [`${ANNOTATION}-type`]: "external",
                [`${ANNOTATION}-nlb-target-type`]: "ip",
                [`${ANNOTATION}-scheme`]: s.scheme,
                [`${ANNOTATION}-healthcheck-protocol`]: "http",
                [`${ANNOTATION}-healthcheck-port`]: String(GATEWAY_HEALTH.port),
                [`${ANNOTATION}-healthcheck-path`]: GATEWAY_HEALTH.path,
                [`${ANNOTATION}-attributes`]: "load_balancing.cross_zone.enabled=true",
                [`${ANNOTATION}-target-group-attributes`]:
                    "deregistration_delay.timeout_seconds=30",
                ...tls,
            },
        },
        spec: {
            type: "LoadBalancer",
            selector: { ...GATEWAY_SELECTOR },
            ports: [
                s.tls
                    ? { name: "https", port: 443, targetPort: GATEWAY_HTTP_PORT, protocol: "TCP" }
                    : {
                          name: "http",
                          port: GATEWAY_HTTP_PORT,
                          targetPort: GATEWAY_HTTP_PORT,
                          protocol: "TCP",
                      },
            ],
            ...(s.sourceRanges && s.sourceRanges.length > 0
                ? { loadBalancerSourceRanges: [...s.sourceRanges] }
                : {}),
        },
    };
}

/** Installs the gateway: namespace, chart and the load-balanced Service. */
export function installIngressGateway(
    scope: AddonScope,
    args: IngressGatewayArgs,
): IngressGatewayInfo {
    const namespace = new k8s.core.v1.Namespace(
        `${scope.name}-ingress-ns`,
        { metadata: { name: args.namespace, labels: gatewayNamespaceLabels() } },
        k8sOptions(scope),
    );
    const chart = helmChart(
        scope,
        "ingress-gateway",
        args.source,
        "gateway",
        args.namespace,
        gatewayValues(args),
        // The controller's pod webhook adds the NLB readiness gate only to pods created while it runs
        // (aws-load-balancer-controller docs/deploy/pod_readiness_gate.md: "injects ... via mutating
        // webhook during pod creation"): gateway pods started before it would never get the gate, so a
        // later rollout could take every healthy target out of the load balancer at once.
        [namespace, ...args.istio, ...args.loadBalancerController],
    );
    const service = new k8s.core.v1.Service(
        `${scope.name}-ingress-lb`,
        gatewayService(args),
        // Pulumi waits until the load balancer has a hostname. Deleting the Service before the
        // controller lets the controller delete the NLB (its finalizer) on `destroy`.
        k8sOptions(scope, [namespace, ...args.loadBalancerController]),
    );
    return {
        namespace: args.namespace,
        identity: {
            app: GATEWAY_NAME,
            namespace: args.namespace,
            serviceAccountName: GATEWAY_NAME,
        },
        selector: { ...GATEWAY_SELECTOR },
        hostname: service.status.apply((s) => s?.loadBalancer?.ingress?.[0]?.hostname ?? ""),
        httpPort: GATEWAY_HTTP_PORT,
        ready: [namespace, chart, service],
    };
}
