/**
 * The `externalSecrets` add-on: External Secrets Operator with an IRSA role limited to the secrets
 * under `secretsPrefix`, and a ClusterSecretStore for AWS Secrets Manager.
 */
import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { ExternalSecretsInstall, installExternalSecrets } from "./external-secrets";
import { externalSecretsSchema } from "./schema";

/** The add-on's settings: the chart and the Secrets Manager name prefix the operator may read. */
export type ExternalSecretsSettings = ChartSource & {
    /** Secrets Manager name prefix the operator may read. */
    readonly secretsPrefix: string;
};

/** What the add-on gives services: its role and where they find Secrets Manager. */
export type ExternalSecretsOutputs = Omit<ExternalSecretsInstall, "ready">;

export const externalSecretsAddon = {
    name: "externalSecrets",
    schema: externalSecretsSchema,
    dependsOn: [],
    enabled: (settings: ExternalSecretsSettings) => settings.enabled,
    install(
        context: AddonContext,
        settings: ExternalSecretsSettings,
    ): AddonInstall<ExternalSecretsOutputs> {
        const eso = installExternalSecrets(context, { source: settings });
        if (eso === undefined) {
            return { ready: [] };
        }
        const { ready, ...outputs } = eso;
        return { ready, outputs };
    },
} as const satisfies Addon<ExternalSecretsSettings, ExternalSecretsOutputs>;
