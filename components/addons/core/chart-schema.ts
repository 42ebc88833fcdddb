/**
 * The config schema pieces every chart add-on shares: on by default, a pinned version, the chart
 * repository. Each add-on's own schema (`<add-on>/schema.ts`) builds on these.
 */
import { z } from "zod";

export const semverish = z
    .string()
    .regex(/^v?\d+\.\d+(\.\d+)?([-+][\w.-]+)?$/, "must be a version like 1.2.3");

/** The fields every add-on chart setting has: on by default, a pinned version, the chart repository. */
export const chartShape = (repository: string) => ({
    enabled: z.boolean().default(true),
    version: semverish.optional(),
    repository: z.url().default(repository),
});

/** An enabled add-on must pin its chart version. */
export const requirePinnedVersion = (
    c: { enabled: boolean; version?: string },
    ctx: z.RefinementCtx,
) => {
    if (c.enabled && c.version === undefined) {
        ctx.addIssue({
            code: "custom",
            path: ["version"],
            message: "must pin a chart version when the add-on is enabled",
            input: c.version,
        });
    }
};

/** The schema of an add-on whose settings are only its chart: `enabled`, `version`, `repository`. */
export const chartSchema = (repository: string) =>
    z.strictObject(chartShape(repository)).superRefine(requirePinnedVersion);
