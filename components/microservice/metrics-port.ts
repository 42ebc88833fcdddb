/**
 * Where Istio serves a meshed pod's metrics (shared by the NetworkPolicy in spec.ts and the PodMonitor).
 */

/**
 * Istio's merged metrics port: the sidecar agent serves the app's metrics (from the pod's
 * `prometheus.io/*` annotations, which injection rewrites) together with Envoy's on
 * `:15020/stats/prometheus`. Inbound capture excludes it (`-d 15090,15021,15020` in istio-iptables),
 * so it is plain HTTP even under STRICT mTLS and no PeerAuthentication or AuthorizationPolicy applies:
 * the NetworkPolicy is its only gate, and it admits the monitoring namespace to this port alone.
 *
 * @see https://istio.io/latest/docs/ops/integrations/prometheus/#option-1-metrics-merging
 */
export const ISTIO_MERGED_METRICS_PORT = 15020;
/** Path of the merged metrics. */
export const ISTIO_MERGED_METRICS_PATH = "/stats/prometheus";
