import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { buildStoreExternalSecret } from "../datastore/spec";
import { createServiceAccountRole, policyDocument, SECRET_READ_ACTIONS } from "../cluster/irsa";
import { createPodIdentityRole } from "../identity/pod-identity-role";
import { EgressHost, workloadEgress } from "../internal/egress";
import { WorkloadIdentity, workloadIdentity, workloadLabels } from "../internal/labels";
import { imageTag } from "../../lib/kubernetes";
import {
    buildConfigMap,
    buildDeployment,
    buildHpa,
    buildNetworkPolicy,
    buildPdb,
    buildService,
    buildServiceAccount,
    lowestReplicas,
    objectNames,
    ResolvedMicroservice,
} from "./spec";
import {
    buildExternalSecret,
    buildSecretStore,
    buildSecretsReaderServiceAccount,
    serviceSecretsArn,
} from "./secrets-spec";
import { buildAnalysisTemplate } from "./analysis";
import { DEFAULT_SERVICE_REPLICAS } from "./defaults";
import { buildRollout, deliveryNames, resolveDelivery, workloadRef, WorkloadRef } from "./delivery";
import { buildPodMonitor } from "./monitoring";
import { validateMicroserviceArgs } from "./validation";
import type { MicroserviceArgs } from "./args";

export type { MicroserviceArgs };

/** Resolves defaults once (pure). */
export function resolveMicroservice(name: string, args: MicroserviceArgs): ResolvedMicroservice {
    return {
        name,
        namespace: args.platform.namespace.name,
        image: args.image,
        version: args.version ?? imageTag(args.image).tag!,
        component: args.component ?? "service",
        replicas: args.replicas ?? DEFAULT_SERVICE_REPLICAS,
        autoscaling: args.autoscaling && {
            minReplicas: args.autoscaling.minReplicas,
            maxReplicas: args.autoscaling.maxReplicas,
            cpuUtilization: args.autoscaling.cpuUtilization ?? 70,
            memoryUtilization: args.autoscaling.memoryUtilization ?? 80,
            requestsPerSecond: args.autoscaling.requestsPerSecond,
            resourceMetrics: args.autoscaling.resourceMetrics ?? true,
        },
        resources: {
            requests: { ...args.resources.requests },
            limits: { ...args.resources.limits },
        },
        ports: args.ports ?? { http: 8080, grpc: 9090 },
        probes: args.probes ?? { liveness: "/health", readiness: "/ready" },
        callers: args.callers ?? [],
        config: args.config ?? {},
        configMountPath: args.configMountPath ?? "/app/config",
        secretEnv: Object.keys(args.secrets ?? {}),
        storeEnv: args.storeWiring?.env ?? [],
        automountServiceAccountToken: args.automountServiceAccountToken ?? false,
        podIdentity: (args.iamStatements?.length ?? 0) > 0,
        terminationGracePeriodSeconds: args.terminationGracePeriodSeconds ?? 30,
        preStopSleepSeconds: args.preStopSleepSeconds ?? 5,
        scheduling: args.scheduling,
        monitoringNamespace: args.platform.monitoring?.namespace ?? "monitoring",
        meshNamespace: args.platform.mesh.namespace,
        delivery:
            args.delivery &&
            resolveDelivery(args.delivery, args.platform.monitoring?.prometheusUrl),
        rolloutAwait: args.rolloutAwait,
    };
}

/**
 * The golden-path service: ServiceAccount (with an IRSA role when it needs AWS), ConfigMap,
 * ExternalSecret, Deployment, Service, HPA, PodDisruptionBudget, NetworkPolicy and PodMonitor, all
 * secure and production-sane by default.
 *
 * @example
 * const inventory = new Microservice("inventory", {
 *     provider: cluster.provider, namespace: "supply-chain",
 *     image: "registry.example.com/inventory:v1.2.3",
 *     resources: { requests: { cpu: "250m", memory: "256Mi" }, limits: { cpu: "500m", memory: "512Mi" } },
 *     autoscaling: { minReplicas: 2, maxReplicas: 20, requestsPerSecond: 100 },
 * });
 */
export class Microservice extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:apps:Microservice";

    /** Who this service is, for NetworkPolicies and mesh authorization of its callees. */
    public readonly identity: WorkloadIdentity;
    /** Name of the Kubernetes Service (and Deployment). */
    public readonly serviceName: pulumi.Output<string>;
    /** The version label of the running pods. */
    public readonly version: string;
    /** Port numbers, for mesh routing. */
    public readonly ports: { readonly http: number; readonly grpc?: number };
    /** ARN of the pods' own role (EKS Pod Identity), when the service has IAM statements. */
    public readonly roleArn?: pulumi.Output<string>;
    /** The workload object the service runs (its Rollout with `delivery`, else its Deployment). */
    public readonly workloadRef: WorkloadRef;
    /**
     * Hosts outside the mesh this service may reach, derived from its config only: the endpoints of
     * the AWS services its IAM statements allow (no STS: Pod Identity credentials come from the node's
     * agent, which the pod reaches past its sidecar), its
     * declared `egress`, then its data stores' endpoints. {@link MeshPolicy} turns them into its Sidecar, {@link MeshNamespacePolicy}
     * into ServiceEntries.
     */
    public readonly egress: readonly EgressHost[];
    /**
     * Whether canary pods run beside the stable ones: a canary Rollout's pods are stable or canary by
     * their `track` label, which Argo Rollouts sets per pod.
     */
    public readonly canaryPods: boolean;

    constructor(name: string, args: MicroserviceArgs, opts?: pulumi.ComponentResourceOptions) {
        super(Microservice.__pulumiType, name, {}, opts);
        validateMicroserviceArgs(name, args);
        const r = resolveMicroservice(name, args);
        const platform = args.platform;
        const waitFor = platform.mesh.ready;
        const k8sOpts = { parent: this, provider: platform.provider, dependsOn: waitFor };
        const after = (...deps: pulumi.Resource[]) => ({
            ...k8sOpts,
            dependsOn: [...waitFor, ...deps],
        });
        const secrets = args.secrets ?? {};
        const hasSecrets = Object.keys(secrets).length > 0;
        const stores = args.storeWiring;
        const needsStore = hasSecrets || stores !== undefined;

        // The secrets reader: an IRSA role that may read the service's own secrets path and its data
        // stores' app secrets, held by a service account that only its SecretStore uses. IRSA because
        // External Secrets authenticates a store as a service account only with that account's
        // web-identity token (docs/identity.md, "Why secret reading stays on IRSA"). The role keeps the
        // name it had when it was also the pods' role.
        let reader: aws.iam.Role | undefined;
        const readerDeps: pulumi.Resource[] = [];
        if (needsStore) {
            reader = createServiceAccountRole(
                `${name}-irsa`,
                {
                    oidc: platform.oidc,
                    namespace: r.namespace,
                    serviceAccountName: objectNames(name).secretsReader,
                    statements: [],
                },
                { parent: this },
            );
        }
        if (reader && hasSecrets) {
            const sm = platform.secretsManager!;
            readerDeps.push(
                new aws.iam.RolePolicy(
                    `${name}-irsa-secrets`,
                    {
                        role: reader.name,
                        policy: sm.arnPrefix.apply((prefix) =>
                            policyDocument([
                                {
                                    actions: SECRET_READ_ACTIONS,
                                    resources: [serviceSecretsArn(prefix, sm.pathPrefix, name)],
                                },
                            ]),
                        ),
                    },
                    { parent: this },
                ),
            );
        }
        if (reader && stores) {
            readerDeps.push(
                new aws.iam.RolePolicy(
                    `${name}-irsa-datastores`,
                    { role: reader.name, policy: stores.policy },
                    { parent: this },
                ),
            );
        }

        // The pods' own AWS calls (`iamStatements`): a role through EKS Pod Identity for the service's
        // service account; the pods reach the agent past their sidecar (podIdentityMeshBypass).
        const podRole = r.podIdentity
            ? createPodIdentityRole(
                  `${name}-pod-identity`,
                  {
                      clusterName: platform.podIdentity.clusterName,
                      clusterArn: platform.podIdentity.clusterArn,
                      namespace: r.namespace,
                      serviceAccount: objectNames(name).serviceAccount,
                      description: `Service ${name}`,
                      inlinePolicies: { policy: policyDocument(args.iamStatements ?? []) },
                  },
                  { parent: this },
              )
            : undefined;

        const sa = new k8s.core.v1.ServiceAccount(`${name}-sa`, buildServiceAccount(r), k8sOpts);
        const podDeps: pulumi.Resource[] = [sa, ...(podRole?.ready ?? [])];
        if (Object.keys(r.config).length > 0) {
            podDeps.push(new k8s.core.v1.ConfigMap(`${name}-config`, buildConfigMap(r), k8sOpts));
        }
        const readerSa = reader
            ? new k8s.core.v1.ServiceAccount(
                  `${name}-secrets-reader`,
                  reader.arn.apply((arn) => buildSecretsReaderServiceAccount(r, arn)),
                  k8sOpts,
              )
            : undefined;
        const crdDeps = platform.crds.externalSecrets;
        const store = needsStore
            ? new k8s.apiextensions.CustomResource(
                  `${name}-secret-store`,
                  buildSecretStore(r, platform.secretsManager!.region),
                  after(...crdDeps, readerSa!, ...readerDeps),
              )
            : undefined;
        if (store && stores) {
            const es = pulumi.all([stores.templates, stores.data]).apply(([templates, data]) =>
                buildStoreExternalSecret({
                    service: name,
                    namespace: r.namespace,
                    labels: workloadLabels(name, r.version, r.component),
                    secretStore: objectNames(name).secretStore,
                    templates,
                    data,
                }),
            );
            podDeps.push(
                new k8s.apiextensions.CustomResource(
                    `${name}-datastore-secrets`,
                    {
                        apiVersion: "external-secrets.io/v1",
                        kind: "ExternalSecret",
                        metadata: es.metadata,
                        spec: es.spec,
                    },
                    after(...crdDeps, store, ...stores.dependsOn),
                ),
            );
        }
        if (store && hasSecrets) {
            podDeps.push(
                new k8s.apiextensions.CustomResource(
                    `${name}-secrets`,
                    buildExternalSecret(r, platform.secretsManager!.pathPrefix, secrets),
                    after(...crdDeps, store),
                ),
            );
        }
        const workload = r.delivery
            ? this.rollout(r, after, podDeps, platform.crds.argoRollouts)
            : new k8s.apps.v1.Deployment(name, buildDeployment(r), after(...podDeps));
        // Blue-green: Argo Rollouts adds the pod-template hash to the active and preview Services'
        // selectors (docs/features/bluegreen.md); Pulumi leaves that field to it.
        const blueGreen = r.delivery?.strategy === "blueGreen";
        const selectorOwner = blueGreen ? { ignoreChanges: ["spec.selector"] } : {};
        const service = new k8s.core.v1.Service(`${name}-svc`, buildService(r), {
            ...k8sOpts,
            ...selectorOwner,
        });
        if (blueGreen) {
            new k8s.core.v1.Service(
                `${name}-preview-svc`,
                buildService(r, deliveryNames(name).preview),
                { ...k8sOpts, ...selectorOwner },
            );
        }
        if (r.autoscaling) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                `${name}-hpa`,
                buildHpa(r),
                after(workload),
            );
        }
        if (lowestReplicas(r) > 1) {
            new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, buildPdb(r), k8sOpts);
        }
        new k8s.networking.v1.NetworkPolicy(`${name}-netpol`, buildNetworkPolicy(r), k8sOpts);
        if (platform.monitoring) {
            new k8s.apiextensions.CustomResource(
                `${name}-monitor`,
                buildPodMonitor(r, platform.monitoring.selectorLabels),
                after(...platform.crds.prometheus),
            );
        }

        this.identity = workloadIdentity(name, r.namespace);
        this.serviceName = service.metadata.name;
        this.version = r.version;
        this.ports = r.ports;
        this.roleArn = podRole?.role.arn;
        this.workloadRef = workloadRef(name, r.delivery);
        this.canaryPods = r.delivery?.strategy === "canary";
        this.egress = workloadEgress({
            region: platform.region,
            irsa: false,
            statements: args.iamStatements ?? [],
            hosts: [...(args.egress ?? []), ...(stores?.egress ?? [])],
        });
        this.registerOutputs({ serviceName: this.serviceName, roleArn: this.roleArn });
    }

    /** The AnalysisTemplate and the Rollout that runs the service's pods (after the Argo Rollouts CRDs). */
    private rollout(
        r: ResolvedMicroservice,
        after: (...deps: pulumi.Resource[]) => pulumi.CustomResourceOptions,
        podDeps: pulumi.Resource[],
        crds: pulumi.Resource[],
    ): pulumi.Resource {
        const d = r.delivery!;
        const analysis = new k8s.apiextensions.CustomResource(
            `${r.name}-analysis`,
            buildAnalysisTemplate(r, d),
            after(...podDeps, ...crds),
        );
        return new k8s.apiextensions.CustomResource(
            `${r.name}-rollout`,
            buildRollout(r, d, buildDeployment(r)),
            after(...podDeps, ...crds, analysis),
        );
    }
}
