import { field, itemsAt } from "../../lib/kubernetes";
import { kubernetesPolicy } from "../shared/policy";

/**
 * VirtualServices inject no faults (delays or aborts); chaos testing belongs in staging.
 *
 * @severity high
 * @link https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection
 */
export const disallowFaultInjection = kubernetesPolicy({
    name: "mesh-disallow-fault-injection",
    description: "VirtualService HTTP routes carry no fault injection (delay or abort).",
    severity: "high",
    remediationSteps: "Remove spec.http[].fault; run chaos experiments in staging only.",
    url: "https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPFaultInjection",
    kinds: ["VirtualService"],
    applies: (t) => t.group === "networking.istio.io" && t.kind === "VirtualService",
    check: ({ obj, what }) =>
        itemsAt(obj, "spec", "http").flatMap((route, i) =>
            field(route, "fault")
                ? [
                      `${what} injects faults on spec.http[${i}].fault (${Object.keys(Object(field(route, "fault"))).join(", ")}); remove it outside staging.`,
                  ]
                : [],
        ),
});
