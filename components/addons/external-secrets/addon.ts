/**
 * The `externalSecrets` add-on: External Secrets Operator and a ClusterSecretStore for AWS Secrets
 * Manager whose reader (an IRSA role) is limited to the shared secrets under `secretsPrefix`.
 */
import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import {
    EXTERNAL_SECRETS_RELEASE_ID,
    ExternalSecretsInstall,
    externalSecretsValues,
    externalSecretsWorkloads,
    installExternalSecrets,
} from "./external-secrets";
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
    workloads: (
        _settings: ExternalSecretsSettings,
        context: AddonWorkloadContext,
    ): ChartWorkload[] =>
        externalSecretsWorkloads(
            context.release(EXTERNAL_SECRETS_RELEASE_ID),
            externalSecretsValues(),
        ),
} as const satisfies Addon<ExternalSecretsSettings, ExternalSecretsOutputs>;
