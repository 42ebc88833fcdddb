/**
 * The `addons.awsLoadBalancerController` config.
 */
import { chartSchema } from "../core/chart-schema";

/** AWS Load Balancer Controller (eks-charts); the ingress gateway's load balancer needs it. */
export const awsLoadBalancerControllerSchema = chartSchema("https://aws.github.io/eks-charts");
