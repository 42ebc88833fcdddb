/**
 * Typed views of recorded mock inputs. Once resolved, the inputs of a Kubernetes resource have the
 * shape of its object: the SDK's output types (`@pulumi/kubernetes` `types.output`, plain values, no
 * Inputs) for built-in kinds, and the `kubernetes-models` packages for Istio, External Secrets, the
 * Prometheus operator and Argo Rollouts. A view checks nothing: a test that reads a field the
 * object lacks fails on its own assertion. Kinds not listed here are read with the accessors of
 * `lib/kubernetes` (`field`).
 */
import type * as k8s from "@pulumi/kubernetes";
import type { IAnalysisTemplate } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/AnalysisTemplate" with {
    "resolution-mode": "import",
};
import type { IRollout } from "@kubernetes-models/argo-rollouts/argoproj.io/v1alpha1/Rollout" with {
    "resolution-mode": "import",
};
import type { IExternalSecret } from "@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret" with {
    "resolution-mode": "import",
};
import type { ISecretStore } from "@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore" with {
    "resolution-mode": "import",
};
import type { IDestinationRule } from "@kubernetes-models/istio/networking.istio.io/v1/DestinationRule" with {
    "resolution-mode": "import",
};
import type { IGateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway" with {
    "resolution-mode": "import",
};
import type { IServiceEntry } from "@kubernetes-models/istio/networking.istio.io/v1/ServiceEntry" with {
    "resolution-mode": "import",
};
import type { ISidecar } from "@kubernetes-models/istio/networking.istio.io/v1/Sidecar" with {
    "resolution-mode": "import",
};
import type { IVirtualService } from "@kubernetes-models/istio/networking.istio.io/v1/VirtualService" with {
    "resolution-mode": "import",
};
import type { IAuthorizationPolicy } from "@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy" with {
    "resolution-mode": "import",
};
import type { IPeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication" with {
    "resolution-mode": "import",
};
import type { IPodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor" with {
    "resolution-mode": "import",
};
import type { IPrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule" with {
    "resolution-mode": "import",
};
import type { IServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor" with {
    "resolution-mode": "import",
};
import type { ITelemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry" with {
    "resolution-mode": "import",
};

import type { RecordedResource } from "../../tools/offline/mocks";

/** The object type of each Kubernetes type token the tests read. */
export interface KubernetesViews {
    "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition": k8s.types.output.apiextensions.v1.CustomResourceDefinition;
    "kubernetes:apps/v1:Deployment": k8s.types.output.apps.v1.Deployment;
    "kubernetes:batch/v1:Job": k8s.types.output.batch.v1.Job;
    "kubernetes:argoproj.io/v1alpha1:AnalysisTemplate": IAnalysisTemplate;
    "kubernetes:argoproj.io/v1alpha1:Rollout": IRollout;
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": k8s.types.output.autoscaling.v2.HorizontalPodAutoscaler;
    "kubernetes:core/v1:ConfigMap": k8s.types.output.core.v1.ConfigMap;
    "kubernetes:core/v1:Namespace": k8s.types.output.core.v1.Namespace;
    "kubernetes:core/v1:Service": k8s.types.output.core.v1.Service;
    "kubernetes:core/v1:ServiceAccount": k8s.types.output.core.v1.ServiceAccount;
    "kubernetes:networking.k8s.io/v1:NetworkPolicy": k8s.types.output.networking.v1.NetworkPolicy;
    "kubernetes:policy/v1:PodDisruptionBudget": k8s.types.output.policy.v1.PodDisruptionBudget;
    "kubernetes:external-secrets.io/v1:ExternalSecret": IExternalSecret;
    "kubernetes:external-secrets.io/v1:SecretStore": ISecretStore;
    "kubernetes:monitoring.coreos.com/v1:PodMonitor": IPodMonitor;
    "kubernetes:monitoring.coreos.com/v1:PrometheusRule": IPrometheusRule;
    "kubernetes:monitoring.coreos.com/v1:ServiceMonitor": IServiceMonitor;
    "kubernetes:networking.istio.io/v1:DestinationRule": IDestinationRule;
    "kubernetes:networking.istio.io/v1:Gateway": IGateway;
    "kubernetes:networking.istio.io/v1:ServiceEntry": IServiceEntry;
    "kubernetes:networking.istio.io/v1:Sidecar": ISidecar;
    "kubernetes:networking.istio.io/v1:VirtualService": IVirtualService;
    "kubernetes:security.istio.io/v1:AuthorizationPolicy": IAuthorizationPolicy;
    "kubernetes:security.istio.io/v1:PeerAuthentication": IPeerAuthentication;
    "kubernetes:telemetry.istio.io/v1:Telemetry": ITelemetry;
}

/** Anything that finds recorded resources by type (the Recorder). */
interface Lookup {
    get(type: string, name: string): RecordedResource;
    ofType(type: string): RecordedResource[];
}

/** The recorded inputs of the Kubernetes object `type`/`name`, viewed as that kind's object type. */
export function objectOf<T extends keyof KubernetesViews>(
    rec: Lookup,
    type: T,
    name: string,
): KubernetesViews[T] {
    return rec.get(type, name).inputs as unknown as KubernetesViews[T];
}

/** Every recorded object of `type`: its resource name and its inputs viewed as that kind's object type. */
export function objectsOf<T extends keyof KubernetesViews>(
    rec: Lookup,
    type: T,
): { readonly name: string; readonly object: KubernetesViews[T] }[] {
    return rec
        .ofType(type)
        .map((r) => ({ name: r.name, object: r.inputs as unknown as KubernetesViews[T] }));
}

/** The inputs of one recorded resource of `type`, viewed as that kind's object type. */
export function viewOf<T extends keyof KubernetesViews>(
    resource: RecordedResource,
    type: T,
): KubernetesViews[T] {
    if (resource.type !== type) {
        throw new Error(`${resource.name} is a ${resource.type}, not a ${type}`);
    }
    return resource.inputs as unknown as KubernetesViews[T];
}

/**
 * The pod spec of a chart workload (`ChartWorkload` of components/addons/core/chart.ts), viewed as the SDK's
 * PodSpec: each add-on builds it from its chart's templates as a plain object of that shape.
 */
export function podSpecOf(w: {
    readonly podSpec: Readonly<Record<string, unknown>>;
}): k8s.types.output.core.v1.PodSpec {
    return w.podSpec as unknown as k8s.types.output.core.v1.PodSpec;
}

/** One statement of an IAM policy document (the AWS JSON policy grammar; the fields tests read). */
export interface IamStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: Readonly<
        Record<string, Readonly<Record<string, string | readonly string[]>>>
    >;
}

/** An IAM policy or trust policy document. */
export interface IamPolicyDocument {
    readonly Version?: string;
    readonly Statement: readonly IamStatement[];
}

/** A recorded policy input (`policy`, `assumeRolePolicy`: JSON text), parsed as an IAM document. */
export function iamDocument(json: unknown): IamPolicyDocument {
    return JSON.parse(String(json)) as IamPolicyDocument;
}

/** One HTTP route of an Istio VirtualService (`spec.http[]`). */
export type IstioHttpRoute = NonNullable<NonNullable<IVirtualService["spec"]>["http"]>[number];
