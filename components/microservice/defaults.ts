/**
 * The Microservice defaults that other layers count with (the config's capacity model), in one SDK-free
 * module so the config layer can import them without loading the Pulumi SDK. The component resolves
 * its args with these; nothing else declares them.
 */

/** Replicas of a Microservice when neither `replicas` nor `autoscaling` is set (the seed's count). */
export const DEFAULT_SERVICE_REPLICAS = 3;
