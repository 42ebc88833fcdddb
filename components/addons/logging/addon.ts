/** The `logging` add-on: Fluent Bit shipping container logs to the `/aws/eks/<cluster>/containers` group. */
import * as pulumi from "@pulumi/pulumi";

import type { ChartSource, ChartWorkload } from "../core/chart";
import type { Addon, AddonContext, AddonInstall, AddonWorkloadContext } from "../core/contract";
import {
    FLUENT_BIT_RELEASE_ID,
    fluentBitValues,
    fluentBitWorkload,
    installLogging,
    LoggingInstall,
} from "./logging";
import { loggingSchema } from "./schema";

/** The add-on's settings: the chart and the log group's retention in days. */
export type LoggingSettings = ChartSource & {
    /** Retention of the container log group, in days. */
    readonly retentionDays: number;
};

export const loggingAddon = {
    name: "logging",
    schema: loggingSchema,
    dependsOn: [],
    enabled: (settings: LoggingSettings) => settings.enabled,
    install(context: AddonContext, settings: LoggingSettings): AddonInstall<LoggingInstall> {
        const logging = installLogging(context, {
            source: settings,
            logGroupName: pulumi.interpolate`/aws/eks/${context.clusterName}/containers`,
            region: context.region,
        });
        return logging === undefined ? { ready: [] } : { ready: [], outputs: logging };
    },
    workloads: (_settings: LoggingSettings, context: AddonWorkloadContext): ChartWorkload[] => [
        fluentBitWorkload(
            context.release(FLUENT_BIT_RELEASE_ID),
            fluentBitValues({ region: "region", roleArn: "role-arn", logGroupName: "log-group" }),
        ),
    ],
} as const satisfies Addon<LoggingSettings, LoggingInstall>;
