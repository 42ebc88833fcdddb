/**
 * Scraping in a STRICT mesh: the PodMonitor targets Istio's merged metrics port, and the NetworkPolicy
 * admits exactly that port from the monitoring namespace (the app port stays closed to it).
 */
import * as assert from "assert";

import { resolveMicroservice } from "../../../components/microservice/microservice";
import {
    buildPodMonitor,
    ISTIO_MERGED_METRICS_PORT,
} from "../../../components/microservice/monitoring";
import { buildNetworkPolicy } from "../../../components/microservice/spec";
import { testPlatform } from "../../helpers/platform";

const r = resolveMicroservice("inventory", {
    platform: testPlatform({ provider: undefined as never }),
    image: "registry.example.com/inventory:v1.2.3",
    resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "1", memory: "1Gi" } },
});

describe("Microservice scraping through the mesh", () => {
    it("scrapes one target per pod (istio-proxy) on :15020/stats/prometheus over plain HTTP", () => {
        const pm = buildPodMonitor(r, { release: "kube-prometheus-stack" });
        assert.strictEqual(pm.kind, "PodMonitor");
        assert.strictEqual(pm.metadata.labels.release, "kube-prometheus-stack");
        assert.deepStrictEqual(pm.spec.selector, {
            matchLabels: { app: "inventory", "app.kubernetes.io/name": "inventory" },
        });
        assert.deepStrictEqual(pm.spec.podTargetLabels, ["app", "version"]);
        assert.deepStrictEqual(pm.spec.podMetricsEndpoints, [
            {
                path: "/stats/prometheus",
                interval: "30s",
                scheme: "http",
                relabelings: [
                    {
                        action: "keep",
                        sourceLabels: ["__meta_kubernetes_pod_container_name"],
                        regex: "istio-proxy",
                    },
                    {
                        action: "replace",
                        sourceLabels: ["__meta_kubernetes_pod_ip"],
                        regex: "(.+)",
                        replacement: "$1:15020",
                        targetLabel: "__address__",
                    },
                ],
            },
        ]);
    });

    it("admits the monitoring namespace to the merged metrics port only", () => {
        const np = buildNetworkPolicy(r);
        const monitoring = np.spec.ingress.filter((rule) =>
            rule.from.some(
                (f) =>
                    "namespaceSelector" in f &&
                    f.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] ===
                        "monitoring",
            ),
        );
        assert.deepStrictEqual(
            monitoring.map((rule) => rule.ports),
            [[{ port: ISTIO_MERGED_METRICS_PORT, protocol: "TCP" }]],
        );
        assert.strictEqual(ISTIO_MERGED_METRICS_PORT, 15020);
    });
});
