/**
 * The `addons.ebsCsiDriver` config: an EKS managed add-on, so a pinned EKS add-on version.
 */
import { z } from "zod";

/** The EBS CSI driver as an EKS managed add-on (persistent volumes for Prometheus and Alertmanager). */
export const ebsCsiDriverSchema = z
    .strictObject({
        enabled: z.boolean().default(true),
        version: z
            .string()
            .regex(
                /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
                "must be an EKS add-on version like v1.48.0-eksbuild.1",
            )
            .optional(),
    })
    .superRefine((c, ctx) => {
        if (c.enabled && c.version === undefined) {
            ctx.addIssue({
                code: "custom",
                path: ["version"],
                message: "must pin an EKS add-on version when the add-on is enabled",
                input: c.version,
            });
        }
    });
