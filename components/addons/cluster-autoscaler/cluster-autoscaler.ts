/**
 * Cluster Autoscaler: scales the managed node groups between their minSize and maxSize when pods are
 * pending or nodes are idle. Installed from the upstream `cluster-autoscaler` chart
 * (kubernetes/autoscaler, charts/cluster-autoscaler at cluster-autoscaler-chart-9.51.0) with an IRSA
 * role that may only change this cluster's node groups. Its scan interval keeps the seed's 30 s scaling
 * response (see {@link clusterAutoscalerValues}).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { policyDocument, PolicyStatement } from "../../cluster/irsa";
import { ChartSource, ChartWorkload, k8sOptions } from "../core/chart";
import type { AddonContext } from "../core/contract";
import { POD_IDENTITY_ROLLOUT_ANNOTATION } from "../../identity/mesh";
import { serviceAccountRole } from "../core/service-account-role";
import * as NS from "../core/namespaces";

/** Namespace of the autoscaler: the upstream default, where `system-cluster-critical` pods belong. */
export const CLUSTER_AUTOSCALER_NAMESPACE = NS.KUBE_SYSTEM_NAMESPACE;
/** Helm release name, service account and Deployment name of the autoscaler. */
export const CLUSTER_AUTOSCALER_NAME = "cluster-autoscaler";
/** Container name and `app.kubernetes.io/name` label: the chart's `<cloudProvider>-<chart name>`. */
export const CLUSTER_AUTOSCALER_CONTAINER = "aws-cluster-autoscaler";
/** The chart's health endpoint (templates/deployment.yaml: livenessProbe httpGet /health-check:8085). */
const HEALTH_CHECK = { httpGet: { path: "/health-check", port: 8085 } };

/** Arguments for {@link installClusterAutoscaler}. */
export interface ClusterAutoscalerArgs {
    /** The `cluster-autoscaler` chart, plus an optional image tag (it must match the Kubernetes minor). */
    readonly source: ChartSource & { readonly imageTag?: string };
    /** Name of the EKS cluster whose node groups are scaled (the discovery tags name it). */
    readonly clusterName: pulumi.Input<string>;
    /**
     * EKS names of the managed node groups it may scale: the role may change only their Auto Scaling
     * groups (EKS names them `eks-<node group name>-<uuid>`).
     */
    readonly nodeGroupNames: readonly pulumi.Input<string>[];
    /**
     * Run two replicas (one leader) spread over nodes.
     *
     * @default false
     */
    readonly highAvailability?: boolean;
}

/** The labels the chart puts on the autoscaler's pods (`cluster-autoscaler.instance-name`). */
export function clusterAutoscalerPodLabels(): Record<string, string> {
    return {
        "app.kubernetes.io/instance": CLUSTER_AUTOSCALER_NAME,
        "app.kubernetes.io/name": CLUSTER_AUTOSCALER_CONTAINER,
    };
}

/**
 * The autoscaler's IAM permissions, from the "Full Cluster Autoscaler Features Policy" of
 * cluster-autoscaler/cloudprovider/aws/README.md (kubernetes/autoscaler, tag cluster-autoscaler-1.33.0),
 * narrowed as that page recommends: the describe calls (no resource-level permissions) on `*`;
 * `eks:DescribeNodegroup` (labels and taints of a node group at zero nodes) on this cluster's node
 * groups; and the two calls that change capacity only on the Auto Scaling groups of these node groups
 * (by ARN, as its "Minimal IAM Permissions Policy" does) that also carry this cluster's
 * autodiscovery tags (EKS tags managed node groups' Auto Scaling groups with both).
 */
export function clusterAutoscalerStatements(
    clusterName: string,
    nodeGroupNames: readonly string[],
    region: string,
    accountId: string,
): PolicyStatement[] {
    const asg = `arn:aws:autoscaling:${region}:${accountId}:autoScalingGroup:*:autoScalingGroupName`;
    return [
        {
            actions: [
                "autoscaling:DescribeAutoScalingGroups",
                "autoscaling:DescribeAutoScalingInstances",
                "autoscaling:DescribeLaunchConfigurations",
                "autoscaling:DescribeScalingActivities",
                "ec2:DescribeImages",
                "ec2:DescribeInstanceTypes",
                "ec2:DescribeLaunchTemplateVersions",
                "ec2:GetInstanceTypesFromInstanceRequirements",
            ],
            resources: ["*"],
        },
        {
            actions: ["eks:DescribeNodegroup"],
            resources: nodeGroupNames.map(
                (g) => `arn:aws:eks:${region}:${accountId}:nodegroup/${clusterName}/${g}/*`,
            ),
        },
        {
            actions: [
                "autoscaling:SetDesiredCapacity",
                "autoscaling:TerminateInstanceInAutoScalingGroup",
            ],
            resources: nodeGroupNames.map((g) => `${asg}/eks-${g}-*`),
            conditions: {
                StringEquals: {
                    [`aws:ResourceTag/k8s.io/cluster-autoscaler/${clusterName}`]: "owned",
                    "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
                },
            },
        },
    ];
}

/**
 * Chart values (cluster-autoscaler-chart-9.51.0 values.yaml): autodiscovery of this cluster's tagged
 * node groups, the chart's service account without a role annotation (the role comes through EKS Pod
 * Identity, {@link installClusterAutoscaler}), and a pod that passes our policy pack
 * (limits, non-root, read-only root, no capabilities, seccomp, anti-affinity, disruption budget). The
 * chart has no readiness probe value; {@link addReadinessProbe} adds one.
 */
export function clusterAutoscalerValues<T>(args: {
    clusterName: T;
    region: T;
    imageTag?: string;
    highAvailability: boolean;
}) {
    return {
        cloudProvider: "aws",
        awsRegion: args.region,
        autoDiscovery: { clusterName: args.clusterName },
        fullnameOverride: CLUSTER_AUTOSCALER_NAME,
        ...(args.imageTag ? { image: { tag: args.imageTag } } : {}),
        replicaCount: args.highAvailability ? 2 : 1,
        // maxUnavailable 1 never blocks a node drain, even with a single replica.
        podDisruptionBudget: { maxUnavailable: 1 },
        priorityClassName: "system-cluster-critical",
        rbac: {
            create: true,
            serviceAccount: {
                create: true,
                name: CLUSTER_AUTOSCALER_NAME,
            },
        },
        podAnnotations: { ...POD_IDENTITY_ROLLOUT_ANNOTATION },
        extraArgs: {
            logtostderr: true,
            stderrthreshold: "info",
            v: 4,
            // The seed's 30 s scaling response: pending pods are seen within one 10 s scan and the
            // scale-up is requested in that loop (FAQ.md "What are the parameters to CA?": scan-interval
            // default 10s, pinned here); new-pod-scale-up-delay stays 0s.
            "scan-interval": "10s",
            "new-pod-scale-up-delay": "0s",
            expander: "least-waste",
            "balance-similar-node-groups": true,
            "skip-nodes-with-system-pods": false,
            // Scale-down: by default the autoscaler never removes a node running a pod with a hostPath
            // or a non-memory emptyDir (FAQ.md "What types of pods can prevent CA from removing a
            // node?"; isLocalVolume in utils/drain/drain.go, cluster-autoscaler-1.33.6). Every meshed
            // pod has four (Istio 1.30.3 files/injection-template.yaml: workload-socket,
            // credential-socket, workload-certs, istio-data), every service its `tmp`, and several
            // add-ons their own, so groups would stay at their high-water mark. None of these hold
            // data that must survive a reschedule (docs/operations.md, "Node autoscaling"); a pod that
            // must not move opts out with `cluster-autoscaler.kubernetes.io/safe-to-evict: "false"`.
            "skip-nodes-with-local-storage": false,
        },
        resources: {
            requests: { cpu: "100m", memory: "300Mi" },
            limits: { cpu: "500m", memory: "600Mi" },
        },
        securityContext: {
            runAsNonRoot: true,
            // The image is distroless `static:nonroot` (cluster-autoscaler/Dockerfile): uid 65532.
            runAsUser: 65532,
            runAsGroup: 65532,
            fsGroup: 65532,
            seccompProfile: { type: "RuntimeDefault" },
        },
        containerSecurityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ["ALL"] },
        },
        affinity: {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: { matchLabels: clusterAutoscalerPodLabels() },
                        },
                    },
                ],
            },
        },
    };
}

/**
 * The Deployment and PodDisruptionBudget the chart renders from {@link clusterAutoscalerValues}
 * (templates/deployment.yaml and templates/pdb.yaml at cluster-autoscaler-chart-9.51.0; the image tag
 * defaults to the chart's appVersion 1.33.0), after {@link addReadinessProbe}: what the engine hands
 * the pack. Mocks never render a chart, so tests run the pack's own checks on this.
 *
 * Checked against cluster-autoscaler 9.51.0 rendered with helm template and the staging and production values.
 */
export function clusterAutoscalerWorkload(
    values: ReturnType<typeof clusterAutoscalerValues<string>>,
): ChartWorkload {
    return {
        kind: "Deployment",
        name: CLUSTER_AUTOSCALER_NAME,
        namespace: CLUSTER_AUTOSCALER_NAMESPACE,
        labels: clusterAutoscalerPodLabels(),
        replicas: values.replicaCount,
        pdb: values.podDisruptionBudget,
        podSpec: {
            priorityClassName: values.priorityClassName,
            containers: [
                {
                    name: CLUSTER_AUTOSCALER_CONTAINER,
                    image: `registry.k8s.io/autoscaling/cluster-autoscaler:${values.image?.tag ?? "v1.33.0"}`,
                    livenessProbe: HEALTH_CHECK,
                    readinessProbe: HEALTH_CHECK,
                    ports: [{ containerPort: 8085 }],
                    resources: values.resources,
                    securityContext: values.containerSecurityContext,
                },
            ],
            affinity: values.affinity,
            serviceAccountName: values.rbac.serviceAccount.name,
            tolerations: [],
            securityContext: values.securityContext,
        },
    };
}

/**
 * A transform for the chart's children: the chart's container has a liveness probe but no readiness
 * probe and no value to add one, so the Deployment gets the same health check as readiness probe.
 * `helm.v4.Chart` passes its children through `transforms` (Pulumi blog "Kubernetes Chart v4",
 * "New-style Pulumi transformations").
 */
export function addReadinessProbe(
    args: pulumi.ResourceTransformArgs,
): pulumi.ResourceTransformResult | undefined {
    if (args.type !== "kubernetes:apps/v1:Deployment") {
        return undefined;
    }
    const props = args.props as {
        spec?: { template?: { spec?: { containers?: Record<string, unknown>[] } } };
    };
    const containers = props.spec?.template?.spec?.containers;
    if (!containers) {
        return undefined;
    }
    const withProbe = containers.map((c) =>
        c.name === CLUSTER_AUTOSCALER_CONTAINER && !c.readinessProbe
            ? { ...c, readinessProbe: HEALTH_CHECK }
            : c,
    );
    return {
        props: {
            ...args.props,
            spec: {
                ...props.spec,
                template: {
                    ...props.spec!.template,
                    spec: { ...props.spec!.template!.spec, containers: withProbe },
                },
            },
        },
        opts: args.opts,
    };
}

/**
 * Installs the autoscaler and its role through EKS Pod Identity: the AWS cloud provider's vendored
 * aws-sdk-go was updated to 1.48.7 for the Pod Identity container credentials (kubernetes/autoscaler
 * PRs #6379, #6380, #6382, back to the 1.25 release branch; issue #6392), older than every release this
 * platform pins. Returns the chart (empty when disabled).
 */
export function installClusterAutoscaler(
    scope: AddonContext,
    args: ClusterAutoscalerArgs,
): pulumi.Resource[] {
    if (!args.source.enabled) {
        return [];
    }
    if (args.nodeGroupNames.length === 0) {
        throw new Error(
            "ClusterAddons arg `nodeGroups` must give at least one node group a `nodeGroupName` while clusterAutoscaler is enabled: the autoscaler's role may scale only named node groups, got none",
        );
    }
    const region = scope.region;
    const { ready } = serviceAccountRole(scope, `${scope.name}-cluster-autoscaler-irsa`, {
        identity: "pod-identity",
        namespace: CLUSTER_AUTOSCALER_NAMESPACE,
        serviceAccountName: CLUSTER_AUTOSCALER_NAME,
        policy: pulumi
            .all([region, scope.accountId, args.clusterName, pulumi.all([...args.nodeGroupNames])])
            .apply(([r, a, c, groups]) =>
                policyDocument(clusterAutoscalerStatements(c, groups, r, a)),
            ),
    });
    const chart = new k8s.helm.v4.Chart(
        `${scope.name}-cluster-autoscaler`,
        {
            chart: "cluster-autoscaler",
            name: CLUSTER_AUTOSCALER_NAME,
            version: args.source.version,
            namespace: CLUSTER_AUTOSCALER_NAMESPACE,
            repositoryOpts: { repo: args.source.repository },
            values: clusterAutoscalerValues({
                clusterName: args.clusterName as pulumi.Input<string>,
                region: region as pulumi.Input<string>,
                imageTag: args.source.imageTag,
                highAvailability: args.highAvailability ?? false,
            }),
        },
        { ...k8sOptions(scope, ready), transforms: [addReadinessProbe] },
    );
    return [chart];
}
