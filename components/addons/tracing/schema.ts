/**
 * The `addons.tracing` config.
 */
import { z } from "zod";

import { chartShape, requirePinnedVersion } from "../core/chart-schema";

/** The OpenTelemetry collector receiving Istio's spans and exporting them to AWS X-Ray. */
export const tracingSchema = z
    .strictObject({
        ...chartShape("https://open-telemetry.github.io/opentelemetry-helm-charts"),
        samplingPercent: z.number().min(0).max(100).default(10),
    })
    .superRefine(requirePinnedVersion);
