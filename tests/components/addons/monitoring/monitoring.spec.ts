/**
 * The monitoring add-ons' values and objects: what a real cluster depends on (hooks skipped by
 * helm.v4.Chart, selectors, storage, secrets from Secrets Manager) and the pack's rules for every chart
 * workload, set through values.
 */
import * as assert from "assert";
import { parse } from "yaml";

import {
    alertmanagerConfigTemplate,
    alertmanagerExternalSecret,
    gp3StorageClass,
    grafanaAdminExternalSecret,
    kubePrometheusStackValues,
    MONITOR_SELECTOR_LABELS,
    prometheusAdapterValues,
} from "../../../../components/addons";
import { field } from "../../../../lib/kubernetes";

const settings = (replicas: number) => ({
    prometheus: { replicas, retention: "30d", storageSize: "100Gi" },
    alertmanager: { replicas, storageSize: "5Gi" },
});

/** A container securityContext as chart values set it (the fields the pack checks). */
interface ContainerSecurity {
    readonly allowPrivilegeEscalation?: boolean;
    readonly readOnlyRootFilesystem?: boolean;
    readonly capabilities?: unknown;
}

/** Container requests and limits as chart values set them. */
interface Resources {
    readonly requests: Readonly<Record<string, string>>;
    readonly limits: Readonly<Record<string, string>>;
}

/** The pack's container rules, as chart values express them. */
function assertRestricted(what: string, container: ContainerSecurity, resources: Resources) {
    assert.strictEqual(container.allowPrivilegeEscalation, false, `${what}: no escalation`);
    assert.strictEqual(container.readOnlyRootFilesystem, true, `${what}: read-only root`);
    assert.deepStrictEqual(container.capabilities, { drop: ["ALL"] }, `${what}: drop ALL`);
    for (const k of ["cpu", "memory"]) {
        assert.ok(resources.requests[k] && resources.limits[k], `${what}: ${k} request and limit`);
    }
}

/**
 * What External Secrets' template engine v2 makes of the receivers line (Go template with Sprig's
 * trim, trimPrefix and trimSuffix; `with` skips an empty string), for this one template shape.
 */
function renderReceivers(template: string, receivers: string): string {
    const inner = receivers.trim().replace(/^\[/, "").replace(/\]$/, "").trim();
    const withBlock =
        '{{ with .receivers | trim | trimPrefix "[" | trimSuffix "]" | trim }},{{ . }}{{ end }}';
    assert.ok(template.includes(withBlock), "the template shape this rendering models");
    return template.replace(withBlock, inner === "" ? "" : `,${inner}`);
}

describe("kube-prometheus-stack values", () => {
    const v = kubePrometheusStackValues(settings(2));

    it("scrapes no control-plane component EKS hides, and creates none of their alerts", () => {
        assert.deepStrictEqual(
            [v.kubeControllerManager, v.kubeScheduler, v.kubeEtcd, v.kubeProxy],
            [{ enabled: false }, { enabled: false }, { enabled: false }, { enabled: false }],
        );
        assert.deepStrictEqual(v.defaultRules, {
            create: true,
            rules: {
                etcd: false,
                kubeControllerManager: false,
                kubeSchedulerAlerting: false,
                kubeSchedulerRecording: false,
                kubeProxy: false,
                windows: false,
            },
        });
    });

    it("turns off what needs Helm hooks (helm.v4.Chart skips them): admission webhooks and operator TLS", () => {
        assert.deepStrictEqual(v.prometheusOperator.admissionWebhooks, {
            enabled: false,
            patch: { enabled: false },
        });
        assert.deepStrictEqual(v.prometheusOperator.tls, { enabled: false });
        assert.deepStrictEqual(v.crds, { enabled: true, upgradeJob: { enabled: false } });
    });

    it("selects monitors and rules by the release label in every namespace, never by Helm's default", () => {
        const spec = v.prometheus.prometheusSpec;
        for (const k of ["serviceMonitor", "podMonitor", "rule"] as const) {
            assert.strictEqual(spec[`${k}SelectorNilUsesHelmValues`], false);
            assert.deepStrictEqual(spec[`${k}Selector`], { matchLabels: MONITOR_SELECTOR_LABELS });
            assert.deepStrictEqual(spec[`${k}NamespaceSelector`], {});
        }
        assert.deepStrictEqual(MONITOR_SELECTOR_LABELS, { release: "kube-prometheus-stack" });
    });

    it("keeps Prometheus and Alertmanager data on gp3 volumes, replicated with a PDB and spread", () => {
        const spec = v.prometheus.prometheusSpec;
        assert.deepStrictEqual(
            [spec.replicas, spec.retention, spec.podAntiAffinity, v.prometheus.podDisruptionBudget],
            [2, "30d", "soft", { enabled: true, minAvailable: 1 }],
        );
        assert.deepStrictEqual(spec.storageSpec.volumeClaimTemplate.spec, {
            storageClassName: "gp3",
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: "100Gi" } },
        });
        const am = v.alertmanager.alertmanagerSpec;
        assert.deepStrictEqual(
            [am.replicas, am.useExistingSecret, am.configSecret],
            [2, true, "alertmanager-config"],
        );
        const one = kubePrometheusStackValues(settings(1));
        assert.strictEqual(one.prometheus.podDisruptionBudget.enabled, false);
    });

    it("gives every chart workload the pack's container rules, requests and limits", () => {
        assertRestricted(
            "operator",
            v.prometheusOperator.containerSecurityContext,
            v.prometheusOperator.resources,
        );
        assertRestricted("grafana", v.grafana.containerSecurityContext, v.grafana.resources);
        assertRestricted(
            "grafana sidecar",
            v.grafana.sidecar.securityContext,
            v.grafana.sidecar.resources,
        );
        const ksm = v["kube-state-metrics"];
        assertRestricted("kube-state-metrics", ksm.containerSecurityContext, ksm.resources);
        const ne = v["prometheus-node-exporter"];
        assertRestricted("node-exporter", ne.containerSecurityContext, ne.resources);
        for (const pod of [
            v.prometheusOperator.securityContext,
            v.grafana.securityContext,
            ksm.securityContext,
            v.prometheus.prometheusSpec.securityContext,
            v.alertmanager.alertmanagerSpec.securityContext,
        ]) {
            assert.strictEqual(pod.runAsNonRoot, true);
            assert.deepStrictEqual(pod.seccompProfile, { type: "RuntimeDefault" });
        }
    });

    it("runs only the dashboards sidecar (with probes on its health port); datasources from the chart's ConfigMap", () => {
        const sidecar = v.grafana.sidecar;
        assert.deepStrictEqual(sidecar.readinessProbe.httpGet, { path: "/healthz", port: 8084 });
        assert.deepStrictEqual(sidecar.livenessProbe.httpGet, { path: "/healthz", port: 8084 });
        assert.deepStrictEqual(sidecar.datasources, { enabled: false, initDatasources: false });
        assert.strictEqual(v.grafana.forceDeployDatasources, true);
        assert.deepStrictEqual(v.grafana.extraConfigmapMounts, [
            {
                name: "datasources",
                mountPath: "/etc/grafana/provisioning/datasources",
                configMap: "kube-prometheus-stack-grafana-datasource",
                readOnly: true,
            },
        ]);
        assert.deepStrictEqual(v.grafana.admin, {
            existingSecret: "grafana-admin",
            userKey: "admin-user",
            passwordKey: "admin-password",
        });
        assert.strictEqual(field(v.grafana, "adminPassword"), undefined);
    });

    it("moves node-exporter (host namespaces) into its own, exempted namespace", () => {
        assert.strictEqual(
            v["prometheus-node-exporter"].namespaceOverride,
            "monitoring-node-exporter",
        );
    });
});

describe("secrets of the monitoring stack", () => {
    const route = {
        receiver: "slack",
        groupBy: ["alertname"],
        groupWait: "30s",
        groupInterval: "5m",
        repeatInterval: "4h",
        routes: [{ matchers: ['severity="critical"'], receiver: "pagerduty", continue: true }],
    };

    it("reads Grafana's admin credentials from the shared Secrets Manager path, never from config", () => {
        const es = grafanaAdminExternalSecret("supply-chain/production", "grafana-admin");
        assert.deepStrictEqual(es.spec.secretStoreRef, {
            name: "aws-secrets-manager",
            kind: "ClusterSecretStore",
        });
        assert.deepStrictEqual(es.spec.data, [
            {
                secretKey: "admin-user",
                remoteRef: {
                    key: "supply-chain/production/shared/grafana-admin",
                    property: "username",
                },
            },
            {
                secretKey: "admin-password",
                remoteRef: {
                    key: "supply-chain/production/shared/grafana-admin",
                    property: "password",
                },
            },
        ]);
    });

    it("renders alertmanager.yaml from the config's routes and the secret's receivers", () => {
        const es = alertmanagerExternalSecret(
            "supply-chain/staging",
            "alertmanager-receivers",
            route,
        );
        assert.deepStrictEqual(es.spec.data, [
            {
                secretKey: "receivers",
                remoteRef: { key: "supply-chain/staging/shared/alertmanager-receivers" },
            },
        ]);
        const template = es.spec.target.template.data["alertmanager.yaml"];
        assert.strictEqual(template, alertmanagerConfigTemplate(route));
        // What External Secrets renders, with a receivers secret holding a JSON array:
        const receivers =
            '[{"name":"slack","slack_configs":[{"api_url":"https://hooks.example/x"}]},{"name":"pagerduty"}]';
        const rendered = parse(renderReceivers(template, receivers)) as {
            route: unknown;
            inhibit_rules: unknown[];
            receivers: { name: string }[];
        };
        assert.deepStrictEqual(rendered.route, {
            receiver: "slack",
            group_by: ["alertname"],
            group_wait: "30s",
            group_interval: "5m",
            repeat_interval: "4h",
            routes: [
                { matchers: ['alertname="Watchdog"'], receiver: "null", continue: false },
                { matchers: ['alertname="InfoInhibitor"'], receiver: "null", continue: false },
                { matchers: ['severity="critical"'], receiver: "pagerduty", continue: true },
            ],
        });
        assert.deepStrictEqual(
            rendered.receivers.map((r) => r.name),
            ["null", "slack", "pagerduty"],
        );
        assert.deepStrictEqual(rendered.inhibit_rules[2], {
            source_matchers: ['alertname="InfoInhibitor"'],
            target_matchers: ['severity="info"'],
            equal: ["namespace"],
        });
        // A pretty-printed array and an empty one render too (the root receiver is then missing,
        // which Alertmanager reports, as it did before).
        const pretty = parse(renderReceivers(template, '\n[\n  {"name": "slack"}\n]\n')) as {
            receivers: { name: string }[];
        };
        assert.deepStrictEqual(pretty.receivers, [{ name: "null" }, { name: "slack" }]);
        const empty = parse(renderReceivers(template, "[]")) as { receivers: unknown[] };
        assert.deepStrictEqual(empty.receivers, [{ name: "null" }]);
    });

    it("sends Watchdog and InfoInhibitor to the null receiver before any configured route can page", () => {
        // Alertmanager routing: the first matching child route without `continue` takes the alert.
        const tree = (
            parse(renderReceivers(alertmanagerConfigTemplate(route), "[]")) as {
                route: { routes: { matchers: string[]; receiver: string; continue: boolean }[] };
            }
        ).route;
        const firstMatch = (alertname: string) =>
            tree.routes.find((r) => r.matchers.includes(`alertname="${alertname}"`));
        assert.deepStrictEqual(firstMatch("Watchdog"), {
            matchers: ['alertname="Watchdog"'],
            receiver: "null",
            continue: false,
        });
        assert.strictEqual(firstMatch("InfoInhibitor")?.receiver, "null");
        assert.strictEqual(tree.routes.indexOf(firstMatch("Watchdog")!), 0);
        assert.strictEqual(tree.routes.indexOf(firstMatch("InfoInhibitor")!), 1);
    });
});

describe("storage and the adapter", () => {
    it("makes an encrypted gp3 StorageClass the default, bound where the pod lands", () => {
        const sc = gp3StorageClass();
        assert.deepStrictEqual(sc.parameters, {
            type: "gp3",
            encrypted: "true",
            "csi.storage.k8s.io/fstype": "ext4",
        });
        assert.strictEqual(
            sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"],
            "true",
        );
        assert.deepStrictEqual(
            [sc.provisioner, sc.volumeBindingMode],
            ["ebs.csi.aws.com", "WaitForFirstConsumer"],
        );
    });

    it("runs the adapter with our rules only, two replicas and a PDB when highly available", () => {
        const v = prometheusAdapterValues(true);
        assert.strictEqual(v.rules.default, false);
        assert.deepStrictEqual(
            [v.replicas, v.podDisruptionBudget],
            [2, { enabled: true, maxUnavailable: 1 }],
        );
        assertRestricted("prometheus-adapter", v.securityContext, v.resources);
        assert.strictEqual(
            v.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution.length,
            1,
        );
    });
});
