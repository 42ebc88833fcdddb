/**
 * Logs: Fluent Bit (the `aws-for-fluent-bit` chart) on every node, shipping container logs to one
 * CloudWatch Logs group per stack with the stack's retention, authenticated with IRSA.
 *
 * Checked against aws/eks-charts at 52396092 (aws-for-fluent-bit 0.2.0, image 3.2.1):
 * `stable/aws-for-fluent-bit/values.yaml` (`input`, `filter.mergeLog|keepLog`, `cloudWatchLogs.*`,
 * `volumes`, `livenessProbe`, `readinessProbe: {}`), `templates/daemonset.yaml` (pod and container
 * security contexts, probes only when set), `templates/configmap.yaml` (the `cloudwatch_logs` output).
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { policyDocument } from "../../cluster/irsa";
import type { AddonContext } from "../core/contract";
import { serviceAccountRole } from "../core/service-account-role";
import {
    ChartSource,
    ChartWorkload,
    helmChart,
    k8sOptions,
    podSecurityLabels,
} from "../core/chart";
import * as NS from "../core/namespaces";

/**
 * Namespace of Fluent Bit. It reads every container's log files from the node (a hostPath of
 * `/var/log`, as root), so the policy pack exempts exactly this namespace from the root and hostPath
 * rules.
 */
export const LOGGING_NAMESPACE = NS.LOGGING_NAMESPACE;
/** Service account of the Fluent Bit DaemonSet (it carries the IRSA role). */
export const LOGGING_SERVICE_ACCOUNT = "fluent-bit";
/** Where Fluent Bit keeps its read offsets on the node (so a restart neither loses nor repeats logs). */
export const FLUENT_BIT_STATE_DIR = "/var/fluent-bit/state";

/** Arguments for {@link installLogging}. */
export interface LoggingArgs {
    /** The `aws-for-fluent-bit` chart and the group's retention (days). */
    readonly source: ChartSource & { readonly retentionDays: number };
    /** Name of the CloudWatch Logs group of the stack's container logs. */
    readonly logGroupName: pulumi.Input<string>;
    /** AWS region of the log group. */
    readonly region: pulumi.Input<string>;
}

/** What {@link installLogging} gives back. */
export interface LoggingInstall {
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly roleArn: pulumi.Output<string>;
}

/** Actions Fluent Bit needs on its (pre-created) group: streams and events only. */
export const LOG_WRITE_ACTIONS = [
    "logs:CreateLogStream",
    "logs:DescribeLogStreams",
    "logs:PutLogEvents",
];

/**
 * aws-for-fluent-bit values: container logs tailed from the node, Kubernetes metadata added, JSON log
 * lines parsed into `data` with the original line kept (`mergeLog`, `keepLog`), whole records sent as
 * JSON to the pre-created group (no auto-create, so the retention set by Pulumi holds).
 */
export function fluentBitValues<T>(args: { region: T; roleArn: T; logGroupName: T }) {
    return {
        serviceAccount: {
            create: true,
            name: LOGGING_SERVICE_ACCOUNT,
            annotations: { "eks.amazonaws.com/role-arn": args.roleArn },
        },
        input: { db: `${FLUENT_BIT_STATE_DIR}/flb_kube.db` },
        filter: { mergeLog: "On", mergeLogKey: "data", keepLog: "On" },
        cloudWatchLogs: {
            enabled: true,
            region: args.region,
            logGroupName: args.logGroupName,
            logStreamPrefix: "",
            logStreamTemplate:
                "$kubernetes['namespace_name'].$kubernetes['pod_name'].$kubernetes['container_name']",
            logStreamName: "fluent-bit-unmatched",
            autoCreateGroup: false,
        },
        cloudWatch: { enabled: false },
        firehose: { enabled: false },
        kinesis: { enabled: false },
        elasticsearch: { enabled: false },
        resources: {
            requests: { cpu: "50m", memory: "64Mi" },
            limits: { cpu: "250m", memory: "256Mi" },
        },
        // Root reads the root-owned log files; no capability is needed for files root owns.
        podSecurityContext: {
            runAsUser: 0,
            runAsGroup: 0,
            seccompProfile: { type: "RuntimeDefault" },
        },
        containerSecurityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        },
        volumes: [
            { name: "varlog", hostPath: { path: "/var/log" } },
            { name: "state", hostPath: { path: FLUENT_BIT_STATE_DIR, type: "DirectoryOrCreate" } },
        ],
        volumeMounts: [
            { name: "varlog", mountPath: "/var/log", readOnly: true },
            { name: "state", mountPath: FLUENT_BIT_STATE_DIR },
        ],
        livenessProbe: {
            httpGet: { path: "/api/v1/health", port: 2020 },
            initialDelaySeconds: 30,
            periodSeconds: 10,
            timeoutSeconds: 10,
            failureThreshold: 3,
        },
        readinessProbe: {
            httpGet: { path: "/api/v1/health", port: 2020 },
            periodSeconds: 10,
            timeoutSeconds: 5,
        },
        // Every node, including the tainted ML and GPU pools, runs a log shipper.
        tolerations: [{ operator: "Exists" }],
    };
}

/** Id of Fluent Bit's release (`<ClusterAddons>-fluent-bit`, {@link releaseName}). */
export const FLUENT_BIT_RELEASE_ID = "fluent-bit";

/**
 * The DaemonSet chart 0.2.0 renders with {@link fluentBitValues} (`templates/daemonset.yaml`), named
 * `<release>-aws-for-fluent-bit` (`_helpers.tpl` `aws-for-fluent-bit.fullname`: the release name
 * does not contain the chart name): the chart's config ConfigMap at `/fluent-bit/etc/`, our volumes,
 * probes, securityContexts and tolerations; image
 * `public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1` (values.yaml).
 *
 * Checked against aws-for-fluent-bit 0.2.0 rendered with helm template and the staging and
 * production values.
 */
export function fluentBitWorkload(
    release: string,
    values: ReturnType<typeof fluentBitValues<string>>,
): ChartWorkload {
    const fullname = `${release}-aws-for-fluent-bit`;
    return {
        kind: "DaemonSet",
        name: fullname,
        namespace: LOGGING_NAMESPACE,
        labels: { "app.kubernetes.io/name": "aws-for-fluent-bit" },
        podSpec: {
            serviceAccountName: values.serviceAccount.name,
            securityContext: values.podSecurityContext,
            tolerations: values.tolerations,
            containers: [
                {
                    name: "aws-for-fluent-bit",
                    image: "public.ecr.aws/aws-observability/aws-for-fluent-bit:3.2.1",
                    securityContext: values.containerSecurityContext,
                    volumeMounts: [
                        { name: "fluentbit-config", mountPath: "/fluent-bit/etc/" },
                        ...values.volumeMounts,
                    ],
                    resources: values.resources,
                    livenessProbe: values.livenessProbe,
                    readinessProbe: values.readinessProbe,
                },
            ],
            volumes: [
                { name: "fluentbit-config", configMap: { name: fullname } },
                ...values.volumes,
            ],
        },
    };
}

/** Installs the log group, the IRSA role, the namespace and Fluent Bit. Undefined when disabled. */
export function installLogging(scope: AddonContext, args: LoggingArgs): LoggingInstall | undefined {
    if (!args.source.enabled) {
        return undefined;
    }
    const logGroup = new aws.cloudwatch.LogGroup(
        `${scope.name}-container-logs`,
        { name: args.logGroupName, retentionInDays: args.source.retentionDays },
        { parent: scope.parent },
    );
    // IRSA, not EKS Pod Identity: Fluent Bit's own AWS credential chain gained the Pod Identity
    // provider only recently (fluent/fluent-bit PRs #10114 and #10115; aws/aws-for-fluent-bit 2.32.5,
    // PR #888), and the aws-for-fluent-bit line still reports the agent's host refused by its Go plugins'
    // old SDK (aws/aws-for-fluent-bit issue #983). That the pinned image 3.2.1 carries the provider in
    // its `cloudwatch_logs` output is not verified yet, and a DaemonSet that loses its credentials loses
    // every node's logs, so it moves in its own change once checked (docs/identity.md, "Add-ons").
    const { role } = serviceAccountRole(scope, `${scope.name}-fluent-bit-irsa`, {
        identity: "irsa",
        namespace: LOGGING_NAMESPACE,
        serviceAccountName: LOGGING_SERVICE_ACCOUNT,
        policy: logGroup.arn.apply((arn) =>
            policyDocument([{ actions: LOG_WRITE_ACTIONS, resources: [`${arn}:*`] }]),
        ),
    });
    const ns = new k8s.core.v1.Namespace(
        `${scope.name}-logging`,
        {
            metadata: {
                name: LOGGING_NAMESPACE,
                labels: {
                    ...podSecurityLabels("privileged"),
                    "app.kubernetes.io/managed-by": "pulumi",
                },
            },
        },
        k8sOptions(scope),
    );
    helmChart(
        scope,
        FLUENT_BIT_RELEASE_ID,
        args.source,
        "aws-for-fluent-bit",
        LOGGING_NAMESPACE,
        fluentBitValues({
            region: pulumi.output(args.region),
            roleArn: role.arn,
            logGroupName: logGroup.name,
        }),
        [ns, logGroup],
    );
    return { logGroup, roleArn: role.arn };
}
