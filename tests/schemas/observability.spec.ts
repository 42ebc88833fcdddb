/**
 * Invalid values of the observability add-on keys, and the HPA rule: a Pods metric only where the
 * platform serves it.
 */
import * as assert from "assert";

import { parsePlatformConfig } from "../../config";
import { at } from "../helpers/edit";
import { ConfigCase, configCases, rawStack, withoutDelivery } from "../helpers/config";

const P = "supply-chain-platform";
const NOT_SERVED =
    "must not be set while addons.monitoring or addons.prometheusAdapter is disabled (nothing would serve the http_requests_per_second Pods metric and the HPA would never scale down)";

const cases: ConfigCase[] = [
    {
        name: "requestsPerSecond while the adapter is off",
        stack: "production",
        mutate: (c) => (at(c, "addons", "prometheusAdapter").enabled = false),
        message: [
            `${P}:services.inventory.autoscaling.requestsPerSecond ${NOT_SERVED}, got 100`,
            `${P}:services.order.autoscaling.requestsPerSecond ${NOT_SERVED}, got 100`,
        ].join("\n"),
    },
    {
        name: "requestsPerSecond of a model server while monitoring (and so the adapter) is off",
        mutate: (c) => {
            withoutDelivery(c);
            at(c, "addons", "monitoring").enabled = false;
            at(c, "addons", "prometheusAdapter").enabled = false;
            at(c, "mlWorkloads", "ml-prediction", "vpa").updateMode = "Auto";
            at(c, "mlWorkloads", "ml-prediction").autoscaling = {
                minReplicas: 2,
                maxReplicas: 4,
                requestsPerSecond: 50,
            };
        },
        message: `${P}:mlWorkloads.ml-prediction.autoscaling.requestsPerSecond ${NOT_SERVED}, got 50`,
    },
    {
        name: "the adapter without Prometheus",
        mutate: (c) => {
            withoutDelivery(c);
            at(c, "addons", "monitoring").enabled = false;
        },
        message: `${P}:addons.prometheusAdapter.enabled must be false while addons.monitoring.enabled is false (the adapter reads Prometheus), got true`,
    },
    {
        name: "monitoring without the EBS CSI driver",
        mutate: (c) => (at(c, "addons", "ebsCsiDriver").enabled = false),
        message: `${P}:addons.ebsCsiDriver.enabled must be true while addons.monitoring.enabled is true (Prometheus and Alertmanager keep their data on EBS volumes), got false`,
    },
    {
        name: "one Prometheus in production",
        stack: "production",
        mutate: (c) => (at(c, "addons", "monitoring", "prometheus").replicas = 1),
        message: `${P}:addons.monitoring.prometheus.replicas must be >= 2 in production (one Prometheus per zone keeps alerting through a node loss), got 1`,
    },
    {
        name: "tracing without Istio",
        mutate: (c) => {
            at(c, "addons", "istio").enabled = false;
            // The ingress gateway needs Istio too (its own message: tests/schemas/ingress.spec.ts).
            at(c, "ingress").enabled = false;
            Object.values(at(c, "services")).forEach((svc) => delete at(svc).expose);
        },
        message: `${P}:addons.istio.enabled must be true while services or mlWorkloads are declared (every workload gets Istio mesh policy, whose CRDs this add-on installs), got false\n${P}:addons.tracing.enabled must be false while addons.istio.enabled is false (the sidecars produce the spans), got true`,
    },
    {
        name: "a log retention below the seed's 30 days",
        mutate: (c) => (at(c, "addons", "logging").retentionDays = 14),
        message: `${P}:addons.logging.retentionDays must be a CloudWatch retention period of at least 30 days (the seed's retention): 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 14`,
    },
    {
        name: "a sampling rate above 100%",
        mutate: (c) => (at(c, "addons", "tracing").samplingPercent = 110),
        message: `${P}:addons.tracing.samplingPercent must be <= 100, got 110`,
    },
    {
        name: "an unpinned kube-prometheus-stack",
        mutate: (c) => delete at(c, "addons", "monitoring").version,
        message: `${P}:addons.monitoring.version must pin a chart version when the add-on is enabled, got nothing`,
    },
    {
        name: "an Alertmanager matcher that is not one",
        stack: "production",
        mutate: (c) =>
            (at(c, "addons", "monitoring", "alertmanager", "route", "routes", 0).matchers = [
                "critical",
            ]),
        message: `${P}:addons.monitoring.alertmanager.route.routes[0].matchers[0] must be Alertmanager matchers like severity="critical" or team=~"web|api" ("critical" is not name, operator (=, !=, =~, !~) and value), got "critical"`,
    },
    {
        name: "the retired prometheusOperatorCrds key (the monitoring chart installs the CRDs)",
        mutate: (c) => (at(c, "addons").prometheusOperatorCrds = { version: "24.0.1" }),
        message: `${P}:addons.prometheusOperatorCrds is not a known key (allowed: istio, metricsServer, verticalPodAutoscaler, clusterAutoscaler, nvidiaDevicePlugin, externalSecrets, ebsCsiDriver, monitoring, prometheusAdapter, logging, tracing, awsLoadBalancerController, argoRollouts), got a map of 1 key (not shown)`,
    },
];

describe("config: observability add-ons", () => {
    configCases(cases);

    it("accepts requestsPerSecond with monitoring and the adapter on (production as committed)", () => {
        const config = parsePlatformConfig(rawStack("production"));
        assert.strictEqual(config.services.inventory.autoscaling?.requestsPerSecond, 100);
        assert.strictEqual(config.addons.prometheusAdapter.enabled, true);
    });

    it("defaults: 30-day logs, 10% sampling, one Prometheus keeping 15 days on 50Gi", () => {
        const raw = rawStack("staging");
        at(raw, "addons").logging = { version: "0.2.0" };
        at(raw, "addons").tracing = { version: "0.170.0" };
        at(raw, "addons").monitoring = { version: "88.5.3" };
        const { addons } = parsePlatformConfig(raw);
        assert.strictEqual(addons.logging.retentionDays, 30);
        assert.strictEqual(addons.tracing.samplingPercent, 10);
        assert.deepStrictEqual(addons.monitoring.prometheus, {
            replicas: 1,
            retention: "15d",
            storageSize: "50Gi",
        });
        assert.strictEqual(
            addons.monitoring.alertmanager.receiversSecret,
            "alertmanager-receivers",
        );
        assert.strictEqual(addons.monitoring.grafana.adminSecret, "grafana-admin");
    });
});
