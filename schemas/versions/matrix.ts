/**
 * One version matrix keyed by Kubernetes minor: for each minor the EKS calendar holds, its end of
 * standard and of extended support, and for every pinned chart, add-on and image the versions known
 * to work with that minor, each with its source. The config refuses a combination the matrix does not
 * hold (schemas/versions/check.ts), and docs/versions.md is this matrix (a test compares them).
 *
 * Bumping Kubernetes is one line of the stack file plus, here, the versions tied to the new minor.
 */
import { EKS_VERSIONS } from "../aws-facts";

/** The config keys whose values are pinned versions: in `addons` (the autoscaler image included), and Karpenter's. */
export const PINNED_KEYS = [
    "istio",
    "metricsServer",
    "verticalPodAutoscaler",
    "nvidiaDevicePlugin",
    "externalSecrets",
    "monitoring",
    "prometheusAdapter",
    "ebsCsiDriver",
    "logging",
    "tracing",
    "clusterAutoscaler",
    "clusterAutoscalerImage",
    "awsLoadBalancerController",
    "argoRollouts",
    "karpenter",
] as const;

/** A pinned version's key in the matrix. */
export type PinnedKey = (typeof PINNED_KEYS)[number];

/**
 * The Kubernetes minors a pinned version works with: `from` to `to` inclusive; an unset bound is one
 * its source does not declare.
 */
export interface Compatibility {
    readonly version: string;
    /** @default - no lower bound declared */
    readonly from?: string;
    /** @default - no upper bound declared */
    readonly to?: string;
    /** Where the range comes from (repository, path and tag, or documentation page). */
    readonly source: string;
}

/** What a pinned key is, where the config sets it, and the versions the matrix knows. */
export interface Pinned {
    readonly label: string;
    /**
     * Path of the version in the config, from its root: `addons.<add-on>.<key>`, or
     * `karpenter.version`. The version is checked while the object that holds it is not
     * `enabled: false`.
     */
    readonly path: readonly [string, string, string] | readonly [string, string];
    readonly versions: readonly Compatibility[];
}

const NO_BOUND = "Chart.yaml declares no kubeVersion";

/** Every pinned version the stacks may use, in a `Map` keyed by {@link PinnedKey}. */
export const PINNED: ReadonlyMap<PinnedKey, Pinned> = new Map<PinnedKey, Pinned>([
    [
        "istio",
        {
            label: "Istio charts (base, istiod, cni, gateway)",
            path: ["addons", "istio", "version"],
            versions: [
                {
                    version: "1.30.3",
                    from: "1.32",
                    to: "1.36",
                    source: 'istio.io "Supported Releases" (istio/istio.io data/compatibility/supportStatus.yml, PR 17347): 1.30 supports Kubernetes 1.32 to 1.36; supported until 6 weeks after 1.32.0, expected ~Jan 2027 (PR 17540); charts re-rendered at tag 1.30.3',
                },
            ],
        },
    ],
    [
        "metricsServer",
        {
            label: "metrics-server chart",
            path: ["addons", "metricsServer", "version"],
            versions: [
                {
                    version: "3.13.0",
                    from: "1.31",
                    source: "kubernetes-sigs/metrics-server README.md at metrics-server-helm-chart-3.13.0 (app 0.8.0), Compatibility Matrix: 0.8.x on 1.31+",
                },
            ],
        },
    ],
    [
        "verticalPodAutoscaler",
        {
            label: "Vertical Pod Autoscaler chart (Fairwinds)",
            path: ["addons", "verticalPodAutoscaler", "version"],
            versions: [
                {
                    version: "4.8.0",
                    from: "1.28",
                    source: "FairwindsOps/charts stable/vpa/Chart.yaml at 9a430e91 (4.8.0: kubeVersion >= 1.24.0-0, app 1.4.1); kubernetes/autoscaler vertical-pod-autoscaler/docs/installation.md at vertical-pod-autoscaler-1.4.1, Compatibility: 1.4.x on 1.28+",
                },
            ],
        },
    ],
    [
        "nvidiaDevicePlugin",
        {
            label: "NVIDIA device plugin chart",
            path: ["addons", "nvidiaDevicePlugin", "version"],
            versions: [
                {
                    version: "0.18.2",
                    from: "1.10",
                    source: "NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/Chart.yaml at v0.18.2 (kubeVersion >= 1.10.0-0)",
                },
            ],
        },
    ],
    [
        "externalSecrets",
        {
            label: "External Secrets chart",
            path: ["addons", "externalSecrets", "version"],
            versions: [
                {
                    version: "0.20.4",
                    from: "1.19",
                    source: "external-secrets/external-secrets deploy/charts/external-secrets/Chart.yaml at helm-chart-0.20.4 (kubeVersion >= 1.19.0-0)",
                },
            ],
        },
    ],
    [
        "monitoring",
        {
            label: "kube-prometheus-stack chart",
            path: ["addons", "monitoring", "version"],
            versions: [
                {
                    version: "88.5.3",
                    from: "1.25",
                    source: "prometheus-community/helm-charts charts/kube-prometheus-stack/Chart.yaml at kube-prometheus-stack-88.5.3 (kubeVersion >=1.25.0-0)",
                },
            ],
        },
    ],
    [
        "prometheusAdapter",
        {
            label: "prometheus-adapter chart",
            path: ["addons", "prometheusAdapter", "version"],
            versions: [
                {
                    version: "5.3.0",
                    source: `prometheus-community/helm-charts charts/prometheus-adapter/Chart.yaml at prometheus-adapter-5.3.0: ${NO_BOUND}`,
                },
            ],
        },
    ],
    [
        "ebsCsiDriver",
        {
            label: "EBS CSI driver EKS add-on",
            path: ["addons", "ebsCsiDriver", "version"],
            versions: [
                {
                    version: "v1.59.0-eksbuild.1",
                    from: "1.17",
                    source: "kubernetes-sigs/aws-ebs-csi-driver README.md, Compatibility: Kubernetes v1.17+; EKS lists the builds per minor (aws eks describe-addon-versions --addon-name aws-ebs-csi-driver --kubernetes-version <minor>)",
                },
            ],
        },
    ],
    [
        "logging",
        {
            label: "aws-for-fluent-bit chart",
            path: ["addons", "logging", "version"],
            versions: [
                {
                    version: "0.2.0",
                    source: `aws/eks-charts stable/aws-for-fluent-bit/Chart.yaml at 2942cdc (0.2.0, Fluent Bit 3.2.1): ${NO_BOUND}`,
                },
            ],
        },
    ],
    [
        "tracing",
        {
            label: "OpenTelemetry collector chart",
            path: ["addons", "tracing", "version"],
            versions: [
                {
                    version: "0.170.0",
                    source: `open-telemetry/opentelemetry-helm-charts charts/opentelemetry-collector/Chart.yaml at opentelemetry-collector-0.170.0: ${NO_BOUND}`,
                },
            ],
        },
    ],
    [
        "clusterAutoscaler",
        {
            label: "Cluster Autoscaler chart",
            path: ["addons", "clusterAutoscaler", "version"],
            versions: [
                {
                    version: "9.51.0",
                    from: "1.33",
                    to: "1.33",
                    source: "kubernetes/autoscaler charts/cluster-autoscaler/Chart.yaml at cluster-autoscaler-chart-9.51.0 (appVersion 1.33.0; the autoscaler supports the Kubernetes minor it is released for, cluster-autoscaler/README.md)",
                },
                {
                    version: "9.59.0",
                    from: "1.35",
                    to: "1.35",
                    source: "kubernetes/autoscaler cluster-autoscaler/charts/cluster-autoscaler/Chart.yaml at cluster-autoscaler-chart-9.59.0 (appVersion 1.35.0; its ClusterRole reads the resource.k8s.io objects 1.34 and later serve)",
                },
            ],
        },
    ],
    [
        "clusterAutoscalerImage",
        {
            label: "Cluster Autoscaler image",
            path: ["addons", "clusterAutoscaler", "imageTag"],
            versions: [
                {
                    version: "v1.33.6",
                    from: "1.33",
                    to: "1.33",
                    source: "kubernetes/autoscaler tag cluster-autoscaler-1.33.6 (cluster-autoscaler/README.md: use the release of the cluster's minor)",
                },
                {
                    version: "v1.35.2",
                    from: "1.35",
                    to: "1.35",
                    source: "kubernetes/autoscaler tag cluster-autoscaler-1.35.2 (2026-07-22; cluster-autoscaler/README.md: use the release of the cluster's minor)",
                },
            ],
        },
    ],
    [
        "awsLoadBalancerController",
        {
            label: "AWS Load Balancer Controller chart",
            path: ["addons", "awsLoadBalancerController", "version"],
            versions: [
                {
                    version: "3.5.0",
                    source: `aws/eks-charts stable/aws-load-balancer-controller/Chart.yaml at 5239609 (3.5.0): ${NO_BOUND}`,
                },
            ],
        },
    ],
    [
        "argoRollouts",
        {
            label: "Argo Rollouts chart",
            path: ["addons", "argoRollouts", "version"],
            versions: [
                {
                    version: "2.41.0",
                    from: "1.31",
                    to: "1.34",
                    source: "argoproj/argo-rollouts .github/workflows/testing.yaml at v1.9.0 (chart argo-rollouts-2.41.0 ships v1.9.0): end-to-end tested on 1.31 to 1.34",
                },
            ],
        },
    ],
    [
        "karpenter",
        {
            label: "Karpenter chart and controller",
            path: ["karpenter", "version"],
            versions: [
                {
                    version: "1.14.1",
                    from: "1.29",
                    to: "1.35",
                    source: "aws/karpenter-provider-aws website/content/en/docs/upgrading/compatibility.md, compatibility matrix (Kubernetes 1.29 needs Karpenter 0.34 or later, 1.33 needs 1.5, 1.34 needs 1.6, 1.35 needs 1.9 or later, the cell reads 1.9.2.x); no later minor listed",
                },
            ],
        },
    ],
]);

/** The minor number of `1.NN`. */
function minorOf(version: string): number {
    return Number(version.split(".")[1]);
}

/** True when `c` holds Kubernetes `minor`. */
export function holds(c: Compatibility, minor: string): boolean {
    const m = minorOf(minor);
    return (
        (c.from === undefined || m >= minorOf(c.from)) && (c.to === undefined || m <= minorOf(c.to))
    );
}

/** One row of the matrix: a Kubernetes minor on EKS. */
export interface MinorRow {
    readonly endOfStandardSupport: string;
    readonly endOfExtendedSupport: string;
    /** Versions of each pinned key known to work with this minor. */
    readonly pins: ReadonlyMap<PinnedKey, readonly string[]>;
}

/** The matrix, keyed by Kubernetes minor (the minors of the EKS calendar, schemas/aws-facts.ts). */
export const VERSION_MATRIX: ReadonlyMap<string, MinorRow> = new Map(
    EKS_VERSIONS.map((v) => [
        v.version,
        {
            endOfStandardSupport: v.endOfStandardSupport,
            endOfExtendedSupport: v.endOfExtendedSupport,
            pins: new Map(
                PINNED_KEYS.map((key) => [
                    key,
                    (PINNED.get(key)?.versions ?? [])
                        .filter((c) => holds(c, v.version))
                        .map((c) => c.version),
                ]),
            ),
        },
    ]),
);

/** The matrix as the Markdown tables of docs/versions.md (between its markers). */
export function matrixMarkdown(): string {
    const minors = [...VERSION_MATRIX.keys()];
    const support = [
        "| Kubernetes | End of standard support | End of extended support |",
        "| --- | --- | --- |",
        ...minors.map((m) => {
            const row = VERSION_MATRIX.get(m);
            return `| ${m} | ${row?.endOfStandardSupport} | ${row?.endOfExtendedSupport} |`;
        }),
    ];
    const pins = [
        `| Pinned | ${minors.join(" | ")} |`,
        `| --- | ${minors.map(() => "---").join(" | ")} |`,
        ...PINNED_KEYS.map((key) => {
            const cells = minors.map((m) => {
                const versions = VERSION_MATRIX.get(m)?.pins.get(key) ?? [];
                return versions.length === 0 ? "-" : versions.join(", ");
            });
            return `| ${PINNED.get(key)?.label} (\`${PINNED.get(key)?.path.join(".")}\`) | ${cells.join(" | ")} |`;
        }),
    ];
    const sources = PINNED_KEYS.flatMap((key) =>
        (PINNED.get(key)?.versions ?? []).map(
            (c) =>
                `- ${PINNED.get(key)?.label} ${c.version}: ${c.from ?? "any"} to ${c.to ?? "any"} (${c.source})`,
        ),
    );
    return [...support, "", ...pins, "", ...sources].join("\n");
}
