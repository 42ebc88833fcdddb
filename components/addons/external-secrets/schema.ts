/**
 * The `addons.externalSecrets` config: the chart and the Secrets Manager name prefix it may read.
 */
import { z } from "zod";

import { chartShape, requirePinnedVersion } from "../core/chart-schema";

/** External Secrets Operator, limited to the secrets under `secretsPrefix`. */
export const externalSecretsSchema = z
    .strictObject({
        ...chartShape("https://charts.external-secrets.io"),
        secretsPrefix: z
            .string()
            .regex(/^[A-Za-z0-9/_+=.@-]+$/, "must be a Secrets Manager name prefix")
            .default("supply-chain"),
    })
    .superRefine(requirePinnedVersion);
