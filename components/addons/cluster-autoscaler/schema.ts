/**
 * The `addons.clusterAutoscaler` config: the chart and an optional image tag (its minor must be the
 * cluster's; `checkAutoscalerVersion` in schemas/addons.ts checks it against the cluster).
 */
import { z } from "zod";

import { chartShape, requirePinnedVersion } from "../core/chart-schema";

/** Cluster Autoscaler (kubernetes/autoscaler chart). */
export const clusterAutoscalerSchema = z
    .strictObject({
        ...chartShape("https://kubernetes.github.io/autoscaler"),
        imageTag: z
            .string()
            .regex(/^v\d+\.\d+\.\d+$/, "must be an image tag like v1.33.6")
            .optional(),
    })
    .superRefine(requirePinnedVersion);
