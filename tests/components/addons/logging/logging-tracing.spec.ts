/**
 * Logging and tracing add-ons: Fluent Bit's values (what it reads, where it writes, as whom) and the
 * collector's pipeline and the mesh's sampling.
 */
import * as assert from "assert";

import {
    collectorValues,
    fluentBitValues,
    meshTracingTelemetry,
    tracingExtensionProvider,
} from "../../../../components/addons";

describe("Fluent Bit values", () => {
    const v = fluentBitValues({
        region: "us-west-2",
        roleArn: "arn:role",
        logGroupName: "/g",
    });

    it("ships to the pre-created group only (no auto-create, so Pulumi's retention holds)", () => {
        assert.deepStrictEqual(
            [
                v.cloudWatchLogs.enabled,
                v.cloudWatchLogs.logGroupName,
                v.cloudWatchLogs.autoCreateGroup,
            ],
            [true, "/g", false],
        );
        assert.deepStrictEqual(
            [v.cloudWatch.enabled, v.firehose.enabled, v.kinesis.enabled, v.elasticsearch.enabled],
            [false, false, false, false],
        );
        assert.strictEqual(v.serviceAccount.annotations["eks.amazonaws.com/role-arn"], "arn:role");
    });

    it("reads /var/log read-only and keeps its offsets in a state directory of its own", () => {
        assert.deepStrictEqual(v.volumeMounts, [
            { name: "varlog", mountPath: "/var/log", readOnly: true },
            { name: "state", mountPath: "/var/fluent-bit/state" },
        ]);
        assert.strictEqual(v.input.db, "/var/fluent-bit/state/flb_kube.db");
    });

    it("has probes, limits and a locked-down container; tolerates every taint to run on every node", () => {
        assert.ok(v.livenessProbe.httpGet && v.readinessProbe.httpGet);
        assert.ok(v.resources.limits.cpu && v.resources.limits.memory);
        assert.deepStrictEqual(v.containerSecurityContext, {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ["ALL"] },
        });
        assert.deepStrictEqual(v.tolerations, [{ operator: "Exists" }]);
    });
});

describe("tracing", () => {
    it("samples the given percentage mesh-wide through the collector's extension provider", () => {
        const telemetry = meshTracingTelemetry("istio-system", 10);
        assert.deepStrictEqual(telemetry.spec.tracing, [
            {
                providers: [{ name: tracingExtensionProvider().name }],
                randomSamplingPercentage: 10,
            },
        ]);
        assert.strictEqual(telemetry.apiVersion, "telemetry.istio.io/v1");
    });

    it("receives OTLP and exports traces to X-Ray only, with a locked-down, limited collector", () => {
        const v = collectorValues({
            region: "us-west-2",
            highAvailability: true,
        });
        // No role annotation: the collector's role comes through EKS Pod Identity (pods rolled onto it).
        assert.deepStrictEqual(v.podAnnotations, {
            "supply-chain-platform/aws-identity": "eks-pod-identity",
        });
        assert.deepStrictEqual(v.serviceAccount, { create: true, name: "otel-collector" });
        assert.deepStrictEqual(v.alternateConfig.service.pipelines, {
            traces: {
                receivers: ["otlp"],
                processors: ["memory_limiter", "batch"],
                exporters: ["awsxray"],
            },
        });
        assert.deepStrictEqual(v.alternateConfig.exporters, { awsxray: { region: "us-west-2" } });
        assert.strictEqual(
            v.image.repository,
            "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-contrib",
        );
        assert.deepStrictEqual([v.mode, v.replicaCount], ["deployment", 2]);
        assert.strictEqual(v.securityContext.readOnlyRootFilesystem, true);
        assert.deepStrictEqual(v.securityContext.capabilities, { drop: ["ALL"] });
        assert.ok(v.resources.limits.cpu && v.resources.limits.memory);
        for (const port of ["jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin"] as const) {
            assert.strictEqual(v.ports[port].enabled, false, `${port} is off`);
        }
    });
});
