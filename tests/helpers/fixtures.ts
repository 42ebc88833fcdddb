import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { workloadIdentity } from "../../components/internal/labels";

import type { ServiceCase } from "./platform";
import { at, listAt, Plain } from "./edit";

/**
 * Known-good Kubernetes objects: each passes every policy of the pack. Tests mutate one field (reached
 * with `at` and `listAt` of ./edit).
 */
type Obj = Plain;

/** A pod spec that satisfies every workload policy. */
export function compliantPodSpec(app = "inventory"): Obj {
    return {
        securityContext: {
            runAsNonRoot: true,
            runAsUser: 10001,
            seccompProfile: { type: "RuntimeDefault" },
        },
        affinity: {
            podAntiAffinity: {
                preferredDuringSchedulingIgnoredDuringExecution: [
                    {
                        weight: 100,
                        podAffinityTerm: {
                            topologyKey: "kubernetes.io/hostname",
                            labelSelector: { matchLabels: { app } },
                        },
                    },
                ],
            },
        },
        containers: [
            {
                name: app,
                image: `registry.example.com/${app}:v1.2.3`,
                ports: [{ name: "http", containerPort: 8080 }],
                resources: {
                    requests: { cpu: "250m", memory: "256Mi" },
                    limits: { cpu: "500m", memory: "512Mi" },
                },
                livenessProbe: { httpGet: { path: "/health", port: 8080 } },
                readinessProbe: { httpGet: { path: "/ready", port: 8080 } },
                securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                },
            },
        ],
    };
}

/** The pod spec (`spec.template.spec`) of a Deployment- or Rollout-shaped fixture, to edit in place. */
export function podSpecOf(workload: Obj): Obj {
    return at(workload, "spec", "template", "spec");
}

/** The first container of a Deployment- or Rollout-shaped fixture, to edit in place. */
export function containerOf(workload: Obj): Obj {
    return at(podSpecOf(workload), "containers", 0);
}

/** A compliant Deployment with 3 replicas. */
export function compliantDeployment(app = "inventory"): Obj {
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: app, namespace: "supply-chain", labels: { app } },
        spec: {
            replicas: 3,
            selector: { matchLabels: { app } },
            template: {
                metadata: { labels: { app, version: "v1.2.3" } },
                spec: compliantPodSpec(app),
            },
        },
    };
}

/** A compliant CronJob (probes and anti-affinity do not apply). */
export function compliantCronJob(): Obj {
    const spec = compliantPodSpec("report");
    delete spec.affinity;
    for (const c of listAt(spec, "containers")) {
        delete at(c).livenessProbe;
        delete at(c).readinessProbe;
    }
    return {
        metadata: { name: "report", namespace: "supply-chain" },
        spec: {
            schedule: "0 * * * *",
            jobTemplate: {
                spec: {
                    template: {
                        metadata: { labels: { app: "report" } },
                        spec: { ...spec, restartPolicy: "Never" },
                    },
                },
            },
        },
    };
}

export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const CRONJOB = "kubernetes:batch/v1:CronJob";
export const POD = "kubernetes:core/v1:Pod";

/** The smallest valid Microservice: one replica, no config, secrets or IAM. */
export function minimalService(provider: k8s.Provider): ServiceCase {
    return {
        provider,
        namespace: "supply-chain",
        image: "registry.example.com/customer:v1.0.0",
        replicas: 1,
        resources: {
            requests: { cpu: "100m", memory: "128Mi" },
            limits: { cpu: "200m", memory: "256Mi" },
        },
    };
}

/** The seed's inventory service with every feature on. */
export function seedInventory(p: k8s.Provider): ServiceCase {
    return {
        provider: p,
        namespace: "supply-chain",
        image: "registry.example.com/inventory-service:v1.2.3",
        autoscaling: { minReplicas: 2, maxReplicas: 20, requestsPerSecond: 100 },
        resources: {
            requests: { cpu: "250m", memory: "256Mi" },
            limits: { cpu: "500m", memory: "512Mi" },
        },
        callers: [
            workloadIdentity("order", "supply-chain"),
            workloadIdentity("ml-prediction", "supply-chain"),
        ],
        config: { LOG_LEVEL: "INFO" },
        secrets: { DATABASE_URL: { key: "database", property: "url" } },
        secretsManager: {
            region: pulumi.output("us-west-2"),
            arnPrefix: pulumi.output("arn:aws:secretsmanager:us-west-2:1:secret:"),
            pathPrefix: "supply-chain/production",
        },
        iamStatements: [{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::catalog/*"] }],
        oidc: {
            arn: "arn:aws:iam::1:oidc-provider/oidc.eks.x/id/A",
            url: "https://oidc.eks.x/id/A",
        },
        region: "us-west-2",
        monitoring: true,
    };
}
