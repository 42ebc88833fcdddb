/**
 * The model frameworks an MLModel may name. Its own module, free of SDK imports, so config validation
 * (schemas/ml.ts) runs before the Pulumi SDKs load.
 */

/** The seed's frameworks. */
export const FRAMEWORKS = ["tensorflow", "pytorch", "sklearn"] as const;
