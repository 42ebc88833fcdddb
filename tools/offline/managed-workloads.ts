/**
 * Workloads EKS runs as managed add-ons, outside the charts' models (components/addons/workloads.ts):
 * the capacity report counts them like any other pod, DaemonSets once per node. Requests and
 * tolerations as their manifests set them:
 *
 * - `aws-node` (VPC CNI): 25m CPU, host network (aws/amazon-vpc-cni-k8s `charts/aws-vpc-cni/values.yaml`
 *   at 0055425, `resources.requests.cpu`); the EKS add-on tolerates every taint (`operator: Exists`).
 * - `kube-proxy`: 100m CPU, host network, tolerates every taint (the EKS kube-proxy add-on's DaemonSet;
 *   the same request as the upstream manifest, kubernetes/kubernetes `cluster/addons/kube-proxy`).
 * - `ebs-csi-node` and `ebs-csi-controller` (with `ebsCsiDriver`): 10m CPU / 40Mi each, the node
 *   DaemonSet tolerating every taint (`node.tolerateAllTaints: true`), the controller 2 replicas
 *   (kubernetes-sigs/aws-ebs-csi-driver `charts/aws-ebs-csi-driver/values.yaml` at 006340e; the
 *   sidecars request nothing).
 * - `coredns`: 2 replicas of 100m CPU / 70Mi (kubernetes/kubernetes
 *   `cluster/addons/dns/coredns/coredns.yaml.base`, which the EKS add-on follows), tolerating only
 *   `CriticalAddonsOnly` and the control-plane taint.
 */
import type { ChartWorkload } from "../../components/addons/core/chart";

const ALL_TAINTS = [{ operator: "Exists" }];

function workload(
    kind: ChartWorkload["kind"],
    name: string,
    requests: Record<string, string>,
    extra: Record<string, unknown>,
    replicas?: number,
): ChartWorkload {
    return {
        kind,
        name,
        namespace: "kube-system",
        labels: { "k8s-app": name },
        replicas,
        podSpec: { ...extra, containers: [{ name, resources: { requests } }] },
    };
}

/** The managed add-ons' workloads of a cluster (`ebsCsiDriver`: the EBS CSI add-on is installed). */
export function managedAddonWorkloads(ebsCsiDriver: boolean): ChartWorkload[] {
    const host = { hostNetwork: true, tolerations: ALL_TAINTS };
    return [
        workload("DaemonSet", "aws-node", { cpu: "25m" }, host),
        workload("DaemonSet", "kube-proxy", { cpu: "100m" }, host),
        ...(ebsCsiDriver
            ? [
                  workload(
                      "DaemonSet",
                      "ebs-csi-node",
                      { cpu: "10m", memory: "40Mi" },
                      { tolerations: ALL_TAINTS },
                  ),
                  workload(
                      "Deployment",
                      "ebs-csi-controller",
                      { cpu: "10m", memory: "40Mi" },
                      {
                          tolerations: [
                              { key: "CriticalAddonsOnly", operator: "Exists" },
                              { effect: "NoExecute", operator: "Exists", tolerationSeconds: 300 },
                          ],
                      },
                      2,
                  ),
              ]
            : []),
        workload(
            "Deployment",
            "coredns",
            { cpu: "100m", memory: "70Mi" },
            {
                tolerations: [
                    { key: "CriticalAddonsOnly", operator: "Exists" },
                    { key: "node-role.kubernetes.io/control-plane", effect: "NoSchedule" },
                ],
            },
            2,
        ),
    ];
}
