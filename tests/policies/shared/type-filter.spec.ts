/**
 * `policyMayApplyToType` lets the offline tools skip calling a policy for a resource type. That is only
 * sound if every type it refuses is one the policy itself answers with `notApplicable` before it reads
 * a property, a config value or reports anything: checked here for every resource policy of the pack
 * against a wide range of type tokens.
 */
import * as assert from "assert";
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";

import { POD_KINDS } from "../../../lib/kubernetes";
import { policies, policyMayApplyToType } from "../../../policies/policies";

class NotApplicable extends Error {}

const KINDS = [
    ...POD_KINDS,
    "Namespace",
    "Service",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "PeerAuthentication",
    "DestinationRule",
    "VirtualService",
    "Gateway",
    "ServiceEntry",
    "Sidecar",
    "AuthorizationPolicy",
    "SecretStore",
    "ClusterSecretStore",
    "ExternalSecret",
    "ClusterExternalSecret",
    "AnalysisTemplate",
    "CustomResourceDefinition",
];
const GROUPS = [
    "core",
    "apps",
    "batch",
    "policy",
    "autoscaling",
    "networking.istio.io",
    "security.istio.io",
    "external-secrets.io",
    "argoproj.io",
    "example.com",
];
const VERSIONS = ["v1", "v1beta1", "v1alpha1", "v2"];

const resourcePolicies = policies.filter(
    (p): p is ResourceValidationPolicy => "validateResource" in p && !!p.validateResource,
);
const namedTypes = resourcePolicies.flatMap((p) => {
    const m = /applies to (.+)$/.exec(notApplicableReason(p, "no:such:Type") ?? "");
    return m ? m[1].split(", ") : [];
});
const TYPES = [
    ...GROUPS.flatMap((g) =>
        VERSIONS.flatMap((v) => KINDS.map((k) => `kubernetes:${g}/${v}:${k}`)),
    ),
    ...namedTypes,
    "kubernetes:helm.sh/v4:Chart",
    "kubernetes:yaml/v2:ConfigGroup",
    "pulumi:providers:kubernetes",
    "pulumi:providers:aws",
    "aws:s3/bucket:Bucket",
    "aws:iam/role:Role",
    "supply-chain:platform:Microservice",
];

/** Props, config and reports that fail the test when touched. */
function untouchable(type: string): ResourceValidationArgs {
    const refuse = (what: string) => () => {
        throw new assert.AssertionError({ message: `${type}: read ${what} before notApplicable` });
    };
    const props = new Proxy(
        {},
        {
            get: (_t, key) => refuse(`props.${String(key)}`)(),
            has: refuse("props (in)"),
            ownKeys: refuse("props (keys)"),
            getOwnPropertyDescriptor: refuse("props (descriptor)"),
        },
    );
    return {
        type,
        props,
        urn: `urn:pulumi:test::p::${type}::r`,
        name: "r",
        opts: {} as never,
        stackTags: new Map(),
        isType: refuse("isType"),
        asType: refuse("asType"),
        getConfig: refuse("config"),
        notApplicable: (reason?: string) => {
            throw new NotApplicable(reason);
        },
    } as unknown as ResourceValidationArgs;
}

/** The reason the policy gives for `type` when it is not applicable without reading anything. */
function notApplicableReason(p: ResourceValidationPolicy, type: string): string | undefined {
    const validate = p.validateResource as (
        args: ResourceValidationArgs,
        report: (m: string) => void,
    ) => unknown;
    try {
        validate(untouchable(type), () => {
            throw new assert.AssertionError({ message: `${p.name} reported on ${type}` });
        });
    } catch (e) {
        if (e instanceof NotApplicable) {
            return e.message;
        }
        throw e;
    }
    return undefined;
}

describe("policyMayApplyToType", () => {
    it("refuses a type only where the policy ends with notApplicable before reading anything", () => {
        let refused = 0;
        for (const p of resourcePolicies) {
            for (const type of TYPES) {
                if (!policyMayApplyToType(p, type)) {
                    refused++;
                    assert.ok(
                        notApplicableReason(p, type) !== undefined,
                        `${p.name} on ${type}: refused by the filter, but the policy did not say notApplicable`,
                    );
                }
            }
        }
        assert.ok(refused > TYPES.length * 10, `only ${refused} refusals: the filter does little`);
    });

    it("keeps every type each policy names, and the pod kinds for pod policies", () => {
        const byName = new Map(resourcePolicies.map((p) => [p.name, p]));
        const mayApply = (name: string, type: string) =>
            policyMayApplyToType(byName.get(name)!, type);
        assert.ok(mayApply("workloads-require-resource-limits", "kubernetes:apps/v1:Deployment"));
        assert.ok(
            mayApply(
                "workloads-require-resource-limits",
                "kubernetes:argoproj.io/v1alpha1:Rollout",
            ),
        );
        assert.ok(!mayApply("workloads-require-resource-limits", "kubernetes:core/v1:ConfigMap"));
        assert.ok(!mayApply("workloads-require-resource-limits", "aws:s3/bucket:Bucket"));
        assert.ok(!mayApply("workloads-require-probes", "kubernetes:batch/v1:Job"));
        assert.ok(mayApply("mesh-require-sidecar-injection", "kubernetes:core/v1:Namespace"));
        assert.ok(
            mayApply(
                "mesh-require-strict-mtls",
                "kubernetes:security.istio.io/v1:PeerAuthentication",
            ),
        );
        assert.ok(
            !mayApply(
                "mesh-require-strict-mtls",
                "kubernetes:networking.istio.io/v1:VirtualService",
            ),
        );
        for (const type of namedTypes) {
            assert.ok(
                resourcePolicies.some((p) => policyMayApplyToType(p, type)),
                `no policy keeps ${type}`,
            );
        }
    });
});
