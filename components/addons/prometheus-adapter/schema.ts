/**
 * The `addons.prometheusAdapter` config.
 */
import { z } from "zod";

import { chartShape, requirePinnedVersion } from "../core/chart-schema";

/** prometheus-adapter: serves the custom metrics API (Pods metrics for the HPA) from Prometheus. */
export const prometheusAdapterSchema = z
    .strictObject(chartShape("https://prometheus-community.github.io/helm-charts"))
    .superRefine(requirePinnedVersion);
