/**
 * The `addons.argoRollouts` config.
 */
import { chartSchema } from "../core/chart-schema";

/** Argo Rollouts: progressive delivery for services with `delivery`. */
export const argoRolloutsSchema = chartSchema("https://argoproj.github.io/argo-helm");
