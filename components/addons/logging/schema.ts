/**
 * The `addons.logging` config.
 */
import { z } from "zod";

import { LOG_RETENTION_DAYS } from "../../../lib/aws/log-retention";
import { chartShape, requirePinnedVersion } from "../core/chart-schema";

/** Fluent Bit (aws-for-fluent-bit) shipping container logs to CloudWatch Logs. */
export const loggingSchema = z
    .strictObject({
        ...chartShape("https://aws.github.io/eks-charts"),
        retentionDays: z
            .int()
            .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d) && d >= 30, {
                message: `must be a CloudWatch retention period of at least 30 days (the seed's retention): ${LOG_RETENTION_DAYS.filter((d) => d >= 30).join(", ")}`,
            })
            .default(30),
    })
    .superRefine(requirePinnedVersion);
