/**
 * Traces: the Istio sidecars sample requests (Telemetry API, `telemetry.istio.io/v1`) and send spans
 * over OTLP to an OpenTelemetry collector, which exports them to AWS X-Ray.
 *
 * Why X-Ray rather than Jaeger or Tempo: it is a managed AWS service reached with EKS Pod Identity, so the
 * platform runs no trace storage (Tempo needs an S3 bucket, compactors and queriers; Jaeger a database),
 * and traces sit next to the CloudWatch logs of the same stack. X-Ray accepts W3C (fully random) trace
 * IDs since October 2023, and the collector's `awsxray` exporter stopped requiring X-Ray-formatted IDs
 * (feature gate `exporter.awsxray.skiptimestampvalidation`, on by default since v0.84.0:
 * open-telemetry/opentelemetry-collector-contrib#26041), so Envoy's trace IDs are kept as they are.
 *
 * Checked against open-telemetry/opentelemetry-helm-charts at dd5665c0 (opentelemetry-collector 0.170.0,
 * collector 0.158.0): `charts/opentelemetry-collector/values.yaml` (`mode`, `image.repository` has no
 * default, `alternateConfig` replaces `config`, `ports.*`), `templates/_config.tpl`. Istio: the
 * `opentelemetry` extension provider of MeshConfig and the Telemetry API
 * (https://istio.io/latest/docs/tasks/observability/distributed-tracing/opentelemetry/).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { policyDocument } from "../../cluster/irsa";
import type { AddonContext } from "../core/contract";
import { POD_IDENTITY_ROLLOUT_ANNOTATION } from "../../identity/mesh";
import { serviceAccountRole } from "../core/service-account-role";
import { podAntiAffinity } from "../../internal/pod";
import {
    ChartSource,
    ChartWorkload,
    helmChart,
    k8sOptions,
    podSecurityLabels,
} from "../core/chart";
import * as NS from "../core/namespaces";

/** Namespace of the OpenTelemetry collector. */
/** Repository of the collector image (the tag is the chart's appVersion). */
export const COLLECTOR_IMAGE_REPOSITORY =
    "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib";

export const TRACING_NAMESPACE = NS.TRACING_NAMESPACE;
/** Helm release and Service name of the collector. */
export const COLLECTOR_NAME = "otel-collector";
/** Service account of the collector (its Pod Identity association hands it the role). */
export const COLLECTOR_SERVICE_ACCOUNT = "otel-collector";
/** OTLP/gRPC port of the collector. */
export const OTLP_GRPC_PORT = 4317;
/** Name of the MeshConfig extension provider the Telemetry resource refers to. */
export const TRACING_PROVIDER = "otel-xray";
/** X-Ray actions the exporter needs (X-Ray has no resource-level permissions: resource `*`). */
export const XRAY_WRITE_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"];

/** The MeshConfig extension provider istiod needs so sidecars send spans to the collector. */
export function tracingExtensionProvider() {
    return {
        name: TRACING_PROVIDER,
        opentelemetry: {
            service: `${COLLECTOR_NAME}.${TRACING_NAMESPACE}.svc.cluster.local`,
            port: OTLP_GRPC_PORT,
        },
    };
}

/** The mesh-wide Telemetry resource: every sidecar samples `samplingPercent` of requests. */
export function meshTracingTelemetry(istioNamespace: string, samplingPercent: number) {
    return {
        apiVersion: "telemetry.istio.io/v1",
        kind: "Telemetry",
        metadata: { name: "mesh-default", namespace: istioNamespace },
        spec: {
            tracing: [
                {
                    providers: [{ name: TRACING_PROVIDER }],
                    randomSamplingPercentage: samplingPercent,
                },
            ],
        },
    };
}

/** OpenTelemetry collector values: OTLP in, X-Ray out, secure pods; unused receivers and ports off. */
export function collectorValues<T>(args: { region: T; highAvailability: boolean }) {
    const restricted = {
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ["ALL"] },
        seccompProfile: { type: "RuntimeDefault" },
    };
    return {
        fullnameOverride: COLLECTOR_NAME,
        mode: "deployment",
        replicaCount: args.highAvailability ? 2 : 1,
        podDisruptionBudget: { enabled: args.highAvailability, maxUnavailable: 1 },
        // The release's GitHub registry copy, not Docker Hub's `otel/...` (anonymous pull limits per
        // NAT address): open-telemetry/opentelemetry-collector-releases v0.158.0
        // `distributions/otelcol-contrib/.goreleaser.yaml` publishes the same multi-arch manifest to both.
        image: { repository: COLLECTOR_IMAGE_REPOSITORY },
        serviceAccount: {
            create: true,
            name: COLLECTOR_SERVICE_ACCOUNT,
        },
        podAnnotations: { ...POD_IDENTITY_ROLLOUT_ANNOTATION },
        alternateConfig: {
            extensions: { health_check: { endpoint: "${env:MY_POD_IP}:13133" } },
            receivers: {
                otlp: {
                    protocols: {
                        grpc: { endpoint: `\${env:MY_POD_IP}:${OTLP_GRPC_PORT}` },
                        http: { endpoint: "${env:MY_POD_IP}:4318" },
                    },
                },
            },
            processors: {
                memory_limiter: {
                    check_interval: "5s",
                    limit_percentage: 80,
                    spike_limit_percentage: 25,
                },
                batch: {},
            },
            exporters: { awsxray: { region: args.region } },
            service: {
                extensions: ["health_check"],
                pipelines: {
                    traces: {
                        receivers: ["otlp"],
                        processors: ["memory_limiter", "batch"],
                        exporters: ["awsxray"],
                    },
                },
            },
        },
        ports: {
            "jaeger-compact": { enabled: false },
            "jaeger-thrift": { enabled: false },
            "jaeger-grpc": { enabled: false },
            zipkin: { enabled: false },
        },
        resources: {
            requests: { cpu: "100m", memory: "256Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        },
        podSecurityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            runAsGroup: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        },
        securityContext: restricted,
        affinity: podAntiAffinity({ "app.kubernetes.io/name": "opentelemetry-collector" }),
    };
}

/**
 * The Deployment (and PDB) chart 0.170.0 renders with {@link collectorValues} (`templates/_pod.tpl`,
 * `templates/deployment.yaml`, `templates/pdb.yaml`): probes on the `health_check` extension (port
 * 13133), the config ConfigMap at `/conf`, the OTLP ports without host ports (deployment mode), the
 * image tag from the chart's appVersion. Named by `fullnameOverride`.
 *
 * Checked against opentelemetry-collector 0.170.0 rendered with helm template and the staging and production values.
 */
export function collectorWorkload(
    values: ReturnType<typeof collectorValues<string>>,
): ChartWorkload {
    const probe = { httpGet: { path: "/", port: 13133 } };
    return {
        kind: "Deployment",
        name: COLLECTOR_NAME,
        namespace: TRACING_NAMESPACE,
        labels: {
            "app.kubernetes.io/name": "opentelemetry-collector",
            component: "standalone-collector",
        },
        replicas: values.replicaCount,
        pdb: values.podDisruptionBudget.enabled
            ? { maxUnavailable: values.podDisruptionBudget.maxUnavailable }
            : undefined,
        podSpec: {
            serviceAccountName: values.serviceAccount.name,
            securityContext: values.podSecurityContext,
            affinity: values.affinity,
            containers: [
                {
                    name: "opentelemetry-collector",
                    image: `${values.image.repository}:0.158.0`,
                    args: ["--config=/conf/relay.yaml"],
                    ports: [
                        { name: "otlp", containerPort: OTLP_GRPC_PORT, protocol: "TCP" },
                        { name: "otlp-http", containerPort: 4318, protocol: "TCP" },
                    ],
                    livenessProbe: probe,
                    readinessProbe: probe,
                    resources: values.resources,
                    securityContext: values.securityContext,
                    volumeMounts: [
                        { mountPath: "/conf", name: "opentelemetry-collector-configmap" },
                    ],
                },
            ],
            volumes: [
                {
                    name: "opentelemetry-collector-configmap",
                    configMap: { name: COLLECTOR_NAME },
                },
            ],
        },
    };
}

/** Arguments for {@link installTracing}. */
export interface TracingArgs {
    /** The `opentelemetry-collector` chart and the mesh-wide sampling percentage. */
    readonly source: ChartSource & { readonly samplingPercent: number };
    /** AWS region X-Ray receives the traces in. */
    readonly region: pulumi.Input<string>;
    /** Namespace of istiod (where the mesh-wide Telemetry lives). */
    readonly istioNamespace: string;
    /** What the Telemetry resource waits for (Istio's CRDs and istiod). */
    readonly istio: pulumi.Resource[];
    /** Two collector replicas and a disruption budget. @default false */
    readonly highAvailability?: boolean;
}

/**
 * Installs the collector, its role and the mesh-wide Telemetry. Empty when disabled. The role comes
 * through EKS Pod Identity: the contrib collector's X-Ray exporter is built on aws-sdk-go v1.55
 * (open-telemetry/opentelemetry-collector-contrib `exporter/awsxrayexporter/go.mod` at v0.113.0; the
 * pinned 0.158.0 is later), past v1.47.11, the first with the Pod Identity provider (docs/identity.md).
 */
export function installTracing(scope: AddonContext, args: TracingArgs): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    const { ready } = serviceAccountRole(scope, `${scope.name}-otel-irsa`, {
        identity: "pod-identity",
        namespace: TRACING_NAMESPACE,
        serviceAccountName: COLLECTOR_SERVICE_ACCOUNT,
        policy: policyDocument([{ actions: XRAY_WRITE_ACTIONS, resources: ["*"] }]),
    });
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-tracing`,
        {
            metadata: {
                name: TRACING_NAMESPACE,
                labels: {
                    ...podSecurityLabels("restricted"),
                    "app.kubernetes.io/managed-by": "pulumi",
                },
            },
        },
        k8sOptions(scope),
    );
    const collector = helmChart(
        scope,
        "otel-collector",
        args.source,
        "opentelemetry-collector",
        TRACING_NAMESPACE,
        collectorValues({
            region: pulumi.output(args.region),
            highAvailability: args.highAvailability ?? false,
        }),
        [ns, ...ready],
    );
    const telemetry = new k8s.apiextensions.CustomResource(
        `${scope.name}-mesh-tracing`,
        meshTracingTelemetry(args.istioNamespace, args.source.samplingPercent),
        k8sOptions(scope, [...args.istio, collector]),
    );
    return [collector, telemetry];
}
