/**
 * The namespaces the add-ons install into: the one source every add-on module takes its namespace
 * from, and the list the config reserves (no user-chosen namespace may be one of them). Plain values,
 * no SDK, so config validation can read them.
 */

/** Istio's control plane (istiod, the mesh-wide PeerAuthentication). */
export const ISTIO_NAMESPACE = "istio-system";
/** The Istio CNI node agent. */
export const ISTIO_CNI_NAMESPACE = "istio-cni";
/** kube-prometheus-stack: Prometheus, Alertmanager, Grafana, the operator. */
export const MONITORING_NAMESPACE = "monitoring";
/** node-exporter, alone in a namespace whose Pod Security level allows host access. */
export const NODE_EXPORTER_NAMESPACE = "monitoring-node-exporter";
/** Fluent Bit. */
export const LOGGING_NAMESPACE = "logging";
/** The OpenTelemetry collector. */
export const TRACING_NAMESPACE = "tracing";
/** External Secrets Operator. */
export const EXTERNAL_SECRETS_NAMESPACE = "external-secrets";
/** Argo Rollouts. */
export const ARGO_ROLLOUTS_NAMESPACE = "argo-rollouts";
/** The NVIDIA device plugin. */
export const NVIDIA_DEVICE_PLUGIN_NAMESPACE = "nvidia-device-plugin";
/** Kubernetes' own namespace; metrics-server, Cluster Autoscaler, the load balancer controller and EBS CSI run here. */
export const KUBE_SYSTEM_NAMESPACE = "kube-system";

/**
 * Every namespace the platform or Kubernetes owns: the add-ons' above, and the namespaces every
 * cluster has (`default`, `kube-public`, `kube-node-lease`;
 * https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces).
 */
export const PLATFORM_NAMESPACES: readonly string[] = [
    ISTIO_NAMESPACE,
    ISTIO_CNI_NAMESPACE,
    MONITORING_NAMESPACE,
    NODE_EXPORTER_NAMESPACE,
    LOGGING_NAMESPACE,
    TRACING_NAMESPACE,
    EXTERNAL_SECRETS_NAMESPACE,
    ARGO_ROLLOUTS_NAMESPACE,
    NVIDIA_DEVICE_PLUGIN_NAMESPACE,
    KUBE_SYSTEM_NAMESPACE,
    "kube-public",
    "kube-node-lease",
    "default",
];
