/**
 * The `addons.verticalPodAutoscaler` config.
 */
import { chartSchema } from "../core/chart-schema";

/** The Vertical Pod Autoscaler (Fairwinds chart). */
export const verticalPodAutoscalerSchema = chartSchema("https://charts.fairwinds.com/stable");
