/**
 * The VPA update modes each pinned chart accepts. Pure data, free of the Pulumi SDKs, so the config
 * schema can read it before any SDK loads.
 */

/** Every VPA `updateMode` a pinned chart's CRD accepts (the union of {@link VPA_UPDATE_MODES}). */
export const KNOWN_VPA_UPDATE_MODES = ["Off", "Initial", "Recreate", "Auto"] as const;

/** One VPA `updateMode`. */
export type VpaUpdateMode = (typeof KNOWN_VPA_UPDATE_MODES)[number];

/**
 * The `updateMode` values the VerticalPodAutoscaler CRD of each pinned chart version accepts
 * (crds/vpa-v1-crd.yaml, `spec.updatePolicy.updateMode.enum`). 4.8.0's CRD knows no
 * `InPlaceOrRecreate` (first in chart 4.11.0, VPA 1.6, which also deprecates `Auto`). Add a row
 * (and any new mode to {@link KNOWN_VPA_UPDATE_MODES}) when the chart is bumped.
 */
export const VPA_UPDATE_MODES: Readonly<Record<string, readonly VpaUpdateMode[]>> = {
    "4.8.0": ["Off", "Initial", "Recreate", "Auto"],
};
