/**
 * Istio's validating webhooks: fields istiod owns once it runs, which Pulumi must not own.
 */
import * as pulumi from "@pulumi/pulumi";

import { field } from "../../../lib/kubernetes";

/** Type token of the chart children this module looks at. */
export const VALIDATING_WEBHOOK_TYPE =
    "kubernetes:admissionregistration.k8s.io/v1:ValidatingWebhookConfiguration";

/**
 * The ValidatingWebhookConfigurations the Istio charts render (istio/istio 1.30.3): `base`'s
 * `istiod-default-validator` (manifests/charts/base/templates/defaultrevision-validatingwebhookconfiguration.yaml,
 * rendered because we pass `defaultRevision: default`) and `istiod`'s `istio-validator-<namespace>`
 * (manifests/charts/istio-control/istio-discovery/templates/validatingwebhookconfiguration.yaml, no
 * revision). Both carry the label `istio.io/rev: default`, which is what istiod's webhook controller
 * selects.
 */
export function istioValidatingWebhookNames(istioNamespace: string): readonly string[] {
    return ["istiod-default-validator", `istio-validator-${istioNamespace}`];
}

/**
 * Fields of each webhook that istiod's validation controller writes (istio/istio 1.30.3,
 * pkg/webhooks/validation/controller/controller.go, `updateValidatingWebhookConfiguration`): it sets
 * `clientConfig.caBundle` to its CA and, once a dry-run of an invalid Gateway is rejected, turns
 * `failurePolicy` from `Ignore` to `Fail`, with a plain Update (field manager `pilot-discovery`).
 */
export const ISTIOD_OWNED_WEBHOOK_FIELDS = ["failurePolicy", "clientConfig.caBundle"] as const;

/**
 * A `helm.v4.Chart` transform that removes `failurePolicy` from each webhook of Istio's two
 * validating webhook configurations, so Pulumi's server-side apply never owns the field.
 *
 * Why: both charts render `failurePolicy: Ignore` ("fail open until the validation webhook is
 * ready") and istiod later updates it to `Fail`, becoming its manager. Pulumi applies without force,
 * so the next update of either object that still sends `Ignore` fails with a field conflict
 * (pulumi-kubernetes#2210, closed by design; istio/istio#45204). `ignoreChanges` cannot name the
 * field: the provider drops ignored fields from its apply only for plain dotted paths
 * (pulumi-kubernetes#2566), and `webhooks` is a list keyed by `name`. `pulumi.com/patchForce` would
 * set `Ignore` back on every update, opening validation until istiod flips it again.
 *
 * Without the field, the API server defaults it to `Fail` on create (admissionregistration.k8s.io/v1),
 * which is what istiod converges to anyway, and istiod's controller leaves a `Fail` policy alone
 * (`failurePolicyIsIgnore`). Istio's own charts do the same for server-side apply tools in later
 * releases (istio/istio#59367 and #59488 omit the field on upgrade; `base.validationFailurePolicy: Fail`
 * is recommended for `helm template | kubectl apply --server-side`). We never set `caBundle`
 * (`base.validationCABundle` is empty), so it is never ours either.
 *
 * @see https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
 */
export function leaveWebhookFailurePolicyToIstiod(
    istioNamespace: string,
): pulumi.ResourceTransform {
    const names = istioValidatingWebhookNames(istioNamespace);
    return (args) => {
        if (args.type !== VALIDATING_WEBHOOK_TYPE) {
            return undefined;
        }
        const name = field(args.props, "metadata", "name");
        const webhooks = field(args.props, "webhooks");
        if (typeof name !== "string" || !names.includes(name) || !Array.isArray(webhooks)) {
            return undefined;
        }
        return {
            props: {
                ...args.props,
                webhooks: webhooks.map((w: unknown) => {
                    if (w === null || typeof w !== "object") {
                        return w;
                    }
                    const rest: Record<string, unknown> = { ...w };
                    delete rest.failurePolicy;
                    return rest;
                }),
            },
            opts: args.opts,
        };
    };
}
