import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

import { FRAMEWORKS } from "./frameworks";

/** API group, version and kind of the MLModel custom resource. */
export const MLMODEL = {
    group: "ml.supplychain.io",
    version: "v1",
    kind: "MLModel",
    plural: "mlmodels",
} as const;

export { FRAMEWORKS };

/** The MLModel openAPIV3Schema: the seed's, with its validation (framework enum, replicas 1..10, status). */
export function mlModelSchema() {
    return {
        type: "object",
        properties: {
            spec: {
                type: "object",
                required: ["modelName", "modelVersion", "framework"],
                properties: {
                    modelName: { type: "string" },
                    modelVersion: { type: "string" },
                    framework: { type: "string", enum: [...FRAMEWORKS] },
                    resourceRequirements: {
                        type: "object",
                        properties: {
                            memory: { type: "string" },
                            cpu: { type: "string" },
                            gpu: { type: "string" },
                        },
                    },
                    replicas: { type: "integer", minimum: 1, maximum: 10 },
                },
            },
            status: {
                type: "object",
                properties: {
                    deploymentStatus: {
                        type: "string",
                        enum: ["pending", "deploying", "ready", "failed"],
                    },
                    endpoint: { type: "string" },
                    lastUpdated: { type: "string", format: "date-time" },
                },
            },
        },
    };
}

/** The CustomResourceDefinition `mlmodels.ml.supplychain.io` (namespaced, status subresource, printer columns). */
export function buildMLModelCrd() {
    return {
        metadata: {
            name: `${MLMODEL.plural}.${MLMODEL.group}`,
            labels: {
                "app.kubernetes.io/part-of": "supply-chain-platform",
                "app.kubernetes.io/managed-by": "pulumi",
            },
        },
        spec: {
            group: MLMODEL.group,
            scope: "Namespaced",
            names: {
                plural: MLMODEL.plural,
                singular: "mlmodel",
                kind: MLMODEL.kind,
                shortNames: ["mlm"],
            },
            versions: [
                {
                    name: MLMODEL.version,
                    served: true,
                    storage: true,
                    schema: { openAPIV3Schema: mlModelSchema() },
                    subresources: { status: {} },
                    additionalPrinterColumns: [
                        { name: "Model", type: "string", jsonPath: ".spec.modelName" },
                        { name: "Version", type: "string", jsonPath: ".spec.modelVersion" },
                        { name: "Framework", type: "string", jsonPath: ".spec.framework" },
                        { name: "Replicas", type: "integer", jsonPath: ".spec.replicas" },
                        { name: "Status", type: "string", jsonPath: ".status.deploymentStatus" },
                        { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
                    ],
                },
            ],
        },
    };
}

/** Arguments for {@link MLModelCrd}. */
export interface MLModelCrdArgs {
    /** Kubernetes provider of the target cluster. */
    readonly provider: k8s.Provider;
}

/** Registers the MLModel CRD once for the cluster; MLWorkloads order their MLModel objects after it. */
export class MLModelCrd extends pulumi.ComponentResource {
    static readonly __pulumiType = "platform:ml:ModelCrd";

    /** The CRD; custom resources depend on it. */
    public readonly crd: k8s.apiextensions.v1.CustomResourceDefinition;

    constructor(name: string, args: MLModelCrdArgs, opts?: pulumi.ComponentResourceOptions) {
        super(MLModelCrd.__pulumiType, name, {}, opts);
        this.crd = new k8s.apiextensions.v1.CustomResourceDefinition(
            `${name}-crd`,
            buildMLModelCrd(),
            { parent: this, provider: args.provider },
        );
        this.registerOutputs({ crdName: this.crd.metadata.name });
    }
}
