/**
 * Guard: no image the stacks run comes from Docker Hub (or names no registry host, which means Docker
 * Hub) unless it is listed below with a reason. Docker Hub limits anonymous pulls per source address,
 * and every node pulls through the VPC's NAT address(es). Covered: every pod-bearing object the
 * program creates, every chart workload model, and the proxy image istiod injects (its values'
 * `global.hub`/`global.tag`). Not covered: images a chart renders that no model lists (none known;
 * tests/components/addons/workloads.spec.ts compares the models with the rendered charts).
 */
import * as assert from "assert";

import { istiodValues } from "../../components/addons";
import { parseKubernetesType, podTemplate } from "../../lib/kubernetes";
import { stackAddonWorkloads } from "../helpers/addon-workloads";
import { fromDockerHub, imageRegistry, imageRepository } from "../helpers/image-registry";
import { evaluatedStack } from "../helpers/stack-evaluation";

/** Docker Hub repositories allowed, by repository, with the reason. */
const ALLOWED_FROM_DOCKER_HUB = new Map<string, string>([
    [
        "docker.io/grafana/grafana",
        "Grafana of kube-prometheus-stack 88.5.3 (grafana chart 12.11.1, values.yaml `image.registry: docker.io`): one Deployment of one or two replicas, pulled only when it is rescheduled; not moved here.",
    ],
]);

/** The chart image that is a placeholder: istiod's injector replaces it at admission. */
const INJECTED_PLACEHOLDER = "auto";

type Containers = readonly { readonly image?: string }[] | undefined;

/** Every image of a pod spec (containers and init containers). */
function podImages(spec: Readonly<Record<string, unknown>>): string[] {
    return [
        ...((spec.initContainers as Containers) ?? []),
        ...((spec.containers as Containers) ?? []),
    ]
        .map((c) => c.image)
        .filter((i): i is string => typeof i === "string");
}

describe("image registries", () => {
    it("tells Docker Hub references from others", () => {
        assert.deepStrictEqual(
            [
                "nginx:1.27",
                "otel/opentelemetry-collector-contrib:0.158.0",
                "docker.io/istio/proxyv2:1.30.3",
                "index.docker.io/library/redis:7",
                "gcr.io/istio-release/proxyv2:1.30.3",
                "localhost/app:1",
                "registry.local:5000/app:1",
                "444455556666.dkr.ecr.us-west-2.amazonaws.com/supply-chain/inventory-service:v1.3.0",
            ].map((i) => `${imageRegistry(i)} ${fromDockerHub(i)}`),
            [
                "docker.io true",
                "docker.io true",
                "docker.io true",
                "index.docker.io true",
                "gcr.io false",
                "localhost false",
                "registry.local:5000 false",
                "444455556666.dkr.ecr.us-west-2.amazonaws.com false",
            ],
        );
        assert.strictEqual(
            imageRepository("docker.io/grafana/grafana:13.2.0"),
            "docker.io/grafana/grafana",
        );
        assert.strictEqual(
            imageRepository("registry.local:5000/app@sha256:ab"),
            "registry.local:5000/app",
        );
    });

    for (const stack of ["staging", "production"] as const) {
        it(`${stack}: pulls nothing from Docker Hub but the allowed repositories, each of them used`, async function () {
            this.timeout(120_000);
            const { recorder } = await evaluatedStack(stack);
            const own = recorder.resources.flatMap((r) => {
                const type = parseKubernetesType(r.type);
                const pod = type ? podTemplate(type.kind, r.inputs) : undefined;
                return pod ? podImages(pod.spec) : [];
            });
            const charts = stackAddonWorkloads(stack).workloads.flatMap((w) =>
                podImages(w.podSpec),
            );
            const istiod = recorder
                .ofType("kubernetes:helm.sh/v4:Chart")
                .find((c) => c.inputs.chart === "istiod");
            const global = (istiod?.inputs.values as ReturnType<typeof istiodValues>).global;
            const images = [...own, ...charts, `${global.hub}/proxyv2:${global.tag}`].filter(
                (i) => i !== INJECTED_PLACEHOLDER,
            );
            assert.ok(own.length >= 6, `${own.length} images of the program's own workloads`);
            const hub = [...new Set(images.filter(fromDockerHub).map(imageRepository))].sort();
            assert.deepStrictEqual(hub, [...ALLOWED_FROM_DOCKER_HUB.keys()].sort());
        });
    }
});
