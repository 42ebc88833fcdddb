/** The `ebsCsiDriver` add-on: the EBS CSI driver (EKS managed add-on) and the default gp3 StorageClass. */
import type { Addon, AddonContext, AddonInstall } from "../core/contract";
import { installEbsCsiDriver } from "./ebs-csi-driver";
import { ebsCsiDriverSchema } from "./schema";

/** The add-on's settings: on or off, and the pinned EKS add-on version. */
export interface EbsCsiDriverSettings {
    readonly enabled: boolean;
    /** EKS add-on version (e.g. `v1.48.0-eksbuild.1`). @default - required when enabled */
    readonly version?: string;
}

export const ebsCsiDriverAddon = {
    name: "ebsCsiDriver",
    schema: ebsCsiDriverSchema,
    dependsOn: [],
    enabled: (settings: EbsCsiDriverSettings) => settings.enabled,
    install(context: AddonContext, settings: EbsCsiDriverSettings): AddonInstall {
        const ready = installEbsCsiDriver(context, {
            ...settings,
            clusterName: context.clusterName,
            nodesReady: context.nodesReady,
        });
        return { ready };
    },
} as const satisfies Addon<EbsCsiDriverSettings>;
