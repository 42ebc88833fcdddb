/**
 * The `addons.metricsServer` config.
 */
import { chartSchema } from "../core/chart-schema";

/** metrics-server, which the HorizontalPodAutoscaler needs. */
export const metricsServerSchema = chartSchema("https://kubernetes-sigs.github.io/metrics-server");
