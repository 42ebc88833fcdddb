/** The `logging` add-on: Fluent Bit shipping container logs to the `/aws/eks/<cluster>/containers` group. */
import * as pulumi from "@pulumi/pulumi";

import type { ChartSource } from "../core/chart";
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { installLogging, LoggingInstall } from "./logging";
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
} as const satisfies Addon<LoggingSettings, LoggingInstall>;
