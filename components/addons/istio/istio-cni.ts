/**
 * The Istio CNI node agent: sets up each injected pod's traffic redirection from the node, so pods
 * carry no privileged `istio-init` container and pass Pod Security Standards `restricted`.
 *
 * Checked against the `cni` chart of istio/istio at tag 1.30.3 (`manifests/charts/istio-cni/values.yaml`
 * and `templates/daemonset.yaml`) and https://istio.io/latest/docs/setup/additional-setup/cni/ and
 * https://istio.io/latest/docs/setup/additional-setup/pod-security-admission/.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import {
    AddonScope,
    ChartSource,
    ChartWorkload,
    helmChart,
    k8sOptions,
    privilegedNamespace,
} from "../core/chart";
import * as NS from "../core/namespaces";

/**
 * Namespace of the CNI node agent. Its own namespace, labelled Pod Security `privileged`, so the
 * policy-pack exemptions the agent needs (host paths, root, NET_ADMIN) cover nothing else.
 */
export const ISTIO_CNI_NAMESPACE = NS.ISTIO_CNI_NAMESPACE;
/**
 * Registry of the Istio images (istiod, the CNI agent, the sidecar and gateway proxies; the chart
 * sources default to a testing registry and `latest`). Istio publishes every release to Google's
 * registry as well as Docker Hub ("Handling Docker Hub rate limiting",
 * https://istio.io/latest/blog/2020/docker-rate-limit/: `hub=gcr.io/istio-release`, Istio 1.5+;
 * and the 1.30.3 charts' own README, `manifests/charts/README.md`, lists
 * `oci://gcr.io/istio-release/charts/` for official releases).
 * Not Docker Hub: its anonymous pull limit is per source address, and every node pulls through the
 * VPC's NAT address(es), so a fleet-wide rollout of the proxy would hit it.
 */
export const ISTIO_HUB = "gcr.io/istio-release";

/** Arguments for {@link installIstioCni}. */
export interface IstioCniArgs {
    /** The Istio charts (the `cni` chart is released with the same version as `istiod`). */
    readonly source: ChartSource;
}

/**
 * Values of the `cni` chart on EKS. The AWS VPC CNI writes `10-aws.conflist` in `/etc/cni/net.d` and
 * its binaries in `/opt/cni/bin`, the chart's defaults; Istio's plugin is appended to that chain
 * (`chained: true`), so the VPC CNI keeps assigning pod IPs.
 */
export function istioCniValues(version: string) {
    return {
        global: { hub: ISTIO_HUB, tag: version },
        cniBinDir: "/opt/cni/bin",
        cniConfDir: "/etc/cni/net.d",
        chained: true,
        resources: {
            requests: { cpu: "100m", memory: "100Mi" },
            limits: { cpu: "500m", memory: "256Mi" },
        },
        // The chart's own suggestion (values.yaml: "Set to `type: RuntimeDefault` ...").
        seccompProfile: { type: "RuntimeDefault" },
    };
}

/**
 * The DaemonSet the chart renders (templates/daemonset.yaml): root with NET_ADMIN, NET_RAW,
 * SYS_PTRACE, SYS_ADMIN and DAC_OVERRIDE, host paths for the CNI binaries, config, /proc and its
 * socket, AppArmor `unconfined`, only a readiness probe, and tolerations for every NoSchedule/NoExecute taint (it must run
 * on every node that runs injected pods). These are exempted by namespace in the policy config.
 * The chart names it `istio-cni-node` whatever the release.
 *
 * Checked against cni 1.30.3 rendered with helm template and the staging and production values.
 */
export function istioCniWorkload(values: ReturnType<typeof istioCniValues>): ChartWorkload {
    const labels = { "k8s-app": "istio-cni-node", "sidecar.istio.io/inject": "false" };
    return {
        kind: "DaemonSet",
        name: "istio-cni-node",
        namespace: ISTIO_CNI_NAMESPACE,
        labels,
        annotations: {
            "sidecar.istio.io/inject": "false",
            "container.apparmor.security.beta.kubernetes.io/install-cni": "unconfined",
        },
        podSpec: {
            nodeSelector: { "kubernetes.io/os": "linux" },
            tolerations: [
                { effect: "NoSchedule", operator: "Exists" },
                { key: "CriticalAddonsOnly", operator: "Exists" },
                { effect: "NoExecute", operator: "Exists" },
            ],
            priorityClassName: "system-node-critical",
            // values.yaml `terminationGracePeriodSeconds`, 30 since 1.29 (5 before): time for the
            // agent's cleanup during a rolling update.
            terminationGracePeriodSeconds: 30,
            containers: [
                {
                    name: "install-cni",
                    image: `${values.global.hub}/install-cni:${values.global.tag}`,
                    readinessProbe: { httpGet: { path: "/readyz", port: 8000 } },
                    securityContext: {
                        privileged: false,
                        runAsGroup: 0,
                        runAsUser: 0,
                        runAsNonRoot: false,
                        capabilities: {
                            drop: ["ALL"],
                            add: [
                                "NET_ADMIN",
                                "NET_RAW",
                                "SYS_PTRACE",
                                "SYS_ADMIN",
                                "DAC_OVERRIDE",
                            ],
                        },
                        seccompProfile: values.seccompProfile,
                    },
                    resources: values.resources,
                },
            ],
            volumes: [
                { name: "cni-bin-dir", hostPath: { path: values.cniBinDir } },
                { name: "cni-host-procfs", hostPath: { path: "/proc", type: "Directory" } },
                { name: "cni-net-dir", hostPath: { path: values.cniConfDir } },
                { name: "cni-socket-dir", hostPath: { path: "/var/run/istio-cni" } },
                {
                    name: "cni-netns-dir",
                    hostPath: { path: "/var/run/netns", type: "DirectoryOrCreate" },
                },
            ],
        },
    };
}

/**
 * Installs the privileged `istio-cni` namespace and the `cni` chart. Returns what injected workloads
 * must wait for (empty when Istio is disabled).
 */
export function installIstioCni(scope: AddonScope, args: IstioCniArgs): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-istio-cni`,
        privilegedNamespace(ISTIO_CNI_NAMESPACE),
        k8sOptions(scope),
    );
    return [
        helmChart(
            scope,
            "istio-cni",
            args.source,
            "cni",
            ISTIO_CNI_NAMESPACE,
            istioCniValues(args.source.version!),
            [ns],
        ),
    ];
}
