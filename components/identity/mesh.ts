/**
 * How a pod with an Istio sidecar reaches the EKS Pod Identity agent. The agent listens on the node's
 * link-local address `169.254.170.23`, port 80 (https://docs.aws.amazon.com/eks/latest/userguide/pod-id-agent-setup.html);
 * the SDK in the pod fetches credentials from `http://169.254.170.23/v1/credentials`. With the mesh's
 * `outboundTrafficPolicy: REGISTRY_ONLY`, the sidecar answers a request to an address no ServiceEntry
 * names with a 502 from its BlackHole cluster, so the pod would never get credentials.
 *
 * The pod template excludes the agent's address from the sidecar's outbound capture instead of
 * declaring it in a ServiceEntry: the credentials request is plain HTTP to a node-local address that
 * mTLS, routing and telemetry have nothing to add to, and a ServiceEntry would have to give an IP host
 * a listener of its own on port 80, beside every HTTP service's. Istio CNI, which installs the pod's
 * redirect rules here, reads the annotation per pod (istio/istio `cni/pkg/plugin/sidecar_redirect.go`:
 * `excludeIPCidrs` from `traffic.sidecar.istio.io/excludeOutboundIPRanges`), as istio-init does without
 * CNI.
 */

/** The IPv4 address of the EKS Pod Identity agent on every node. */
export const POD_IDENTITY_AGENT_ADDRESS = "169.254.170.23";

/** Istio's per-pod annotation listing outbound CIDRs the sidecar does not capture. */
export const EXCLUDE_OUTBOUND_IP_RANGES = "traffic.sidecar.istio.io/excludeOutboundIPRanges";

/** Pod-template annotations that let a meshed pod reach the Pod Identity agent past its sidecar. */
export function podIdentityMeshBypass(): Record<string, string> {
    return { [EXCLUDE_OUTBOUND_IP_RANGES]: `${POD_IDENTITY_AGENT_ADDRESS}/32` };
}

/**
 * A pod-template annotation for workloads moved from IRSA to EKS Pod Identity. Both webhooks act only
 * when a pod is created, so pods started under IRSA keep its environment (and a role whose trust no
 * longer names them) until they are replaced; changing the template rolls them onto the agent. Charts
 * take it as `podAnnotations`.
 */
export const POD_IDENTITY_ROLLOUT_ANNOTATION: Readonly<Record<string, string>> = {
    "supply-chain-platform/aws-identity": "eks-pod-identity",
};
