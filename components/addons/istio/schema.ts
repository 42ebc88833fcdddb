/**
 * The `addons.istio` config: base, istiod, the CNI node agent and the ingress gateway chart share one version.
 */
import { chartSchema } from "../core/chart-schema";

/** Istio's charts (one version for all). */
export const istioSchema = chartSchema("https://istio-release.storage.googleapis.com/charts");
