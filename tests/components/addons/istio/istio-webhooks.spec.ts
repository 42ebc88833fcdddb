/**
 * Guard: Pulumi never owns `failurePolicy` of Istio's validating webhooks (istiod turns it from Ignore
 * to Fail; an apply that still sends Ignore fails with a field conflict, pulumi-kubernetes#2210).
 */
import * as assert from "assert";

import { ClusterAddons } from "../../../../components/addons";
import {
    istioValidatingWebhookNames,
    leaveWebhookFailurePolicyToIstiod,
    VALIDATING_WEBHOOK_TYPE,
} from "../../../../components/addons/istio/istio-webhooks";
import { addonsArgsFor } from "../../../helpers/addons";
import { settle } from "../../../helpers/pulumi";
import { applyTransforms, captureTransforms } from "../../../helpers/transforms";

const CHART = "kubernetes:helm.sh/v4:Chart";

/**
 * The webhook as istio/istio 1.30.3 renders it with our values (no validationURL, no
 * validationCABundle): base's defaultrevision-validatingwebhookconfiguration.yaml and istiod's
 * validatingwebhookconfiguration.yaml differ in name, webhook name and objectSelector only.
 */
function renderedWebhook(name: string, webhookName: string) {
    return {
        apiVersion: "admissionregistration.k8s.io/v1",
        kind: "ValidatingWebhookConfiguration",
        metadata: {
            name,
            labels: { app: "istiod", istio: "istiod", "istio.io/rev": "default" },
        },
        webhooks: [
            {
                name: webhookName,
                clientConfig: {
                    service: { name: "istiod", namespace: "istio-system", path: "/validate" },
                },
                rules: [
                    {
                        operations: ["CREATE", "UPDATE"],
                        apiGroups: [
                            "security.istio.io",
                            "networking.istio.io",
                            "telemetry.istio.io",
                            "extensions.istio.io",
                        ],
                        apiVersions: ["*"],
                        resources: ["*"],
                    },
                ],
                failurePolicy: "Ignore",
                sideEffects: "None",
                admissionReviewVersions: ["v1"],
            },
        ],
    };
}

const withoutFailurePolicy = (o: ReturnType<typeof renderedWebhook>) => ({
    ...o,
    webhooks: o.webhooks.map((w) => {
        const rest: Record<string, unknown> = { ...w };
        delete rest.failurePolicy;
        return rest;
    }),
});

describe("Istio validating webhooks", () => {
    const transform = leaveWebhookFailurePolicyToIstiod("istio-system");
    const base = renderedWebhook("istiod-default-validator", "validation.istio.io");
    const istiod = renderedWebhook("istio-validator-istio-system", "rev.validation.istio.io");

    it("names the two objects both charts render", () => {
        assert.deepStrictEqual(istioValidatingWebhookNames("istio-system"), [
            "istiod-default-validator",
            "istio-validator-istio-system",
        ]);
    });

    it("drops failurePolicy from each webhook of both objects and keeps every other field", async () => {
        for (const o of [base, istiod]) {
            assert.deepStrictEqual(
                await applyTransforms([transform], VALIDATING_WEBHOOK_TYPE, o.metadata.name, o),
                withoutFailurePolicy(o),
            );
        }
    });

    it("leaves other webhook configurations and other kinds alone", async () => {
        const other = renderedWebhook("aws-load-balancer-webhook", "vingress.elbv2.k8s.aws");
        assert.strictEqual(
            transform({
                type: VALIDATING_WEBHOOK_TYPE,
                name: "x",
                custom: true,
                props: other,
                opts: {},
            }),
            undefined,
        );
        assert.strictEqual(
            transform({
                type: "kubernetes:admissionregistration.k8s.io/v1:MutatingWebhookConfiguration",
                name: "x",
                custom: true,
                props: { ...base },
                opts: {},
            }),
            undefined,
        );
    });

    it("is registered on the base and istiod charts, so neither child sends failurePolicy", async () => {
        const capture = captureTransforms();
        try {
            new ClusterAddons("a", addonsArgsFor("production"));
            await settle();
        } finally {
            capture.stop();
        }
        const fromBase = await applyTransforms(
            capture.of(CHART, "a-istio-base"),
            VALIDATING_WEBHOOK_TYPE,
            "a-istio-base:istiod-default-validator",
            base,
        );
        const fromIstiod = await applyTransforms(
            capture.of(CHART, "a-istiod"),
            VALIDATING_WEBHOOK_TYPE,
            "a-istiod:istio-validator-istio-system",
            istiod,
        );
        assert.deepStrictEqual(
            [fromBase, fromIstiod],
            [withoutFailurePolicy(base), withoutFailurePolicy(istiod)],
        );
    });
});
