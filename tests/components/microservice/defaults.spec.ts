/**
 * One owner per default: a service's default replica count is declared once (components/microservice/
 * defaults.ts); the component resolves with it and the config's capacity model counts with it.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as k8s from "@pulumi/kubernetes";

import { DEFAULT_SERVICE_REPLICAS, resolveMicroservice } from "../../../components/microservice";
import { onPlatform } from "../../helpers/platform";
import {
    capacityFindings,
    DEFAULT_SERVICE_REPLICAS as CAPACITY_DEFAULT,
} from "../../../schemas/capacity";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const args = {
    provider: new k8s.Provider("k", { kubeconfig: "{}" }),
    namespace: "apps",
    image: "registry.example.com/a:v1",
    resources: { requests: { cpu: "1", memory: "1Gi" }, limits: { cpu: "1", memory: "1Gi" } },
};

describe("Microservice defaults", () => {
    it("a service without replicas or autoscaling runs 3 replicas, and the capacity model counts 3", () => {
        assert.strictEqual(DEFAULT_SERVICE_REPLICAS, 3);
        assert.strictEqual(CAPACITY_DEFAULT, DEFAULT_SERVICE_REPLICAS);
        assert.strictEqual(resolveMicroservice("a", onPlatform(args)).replicas, 3);
        // One m5.large node leaves 1.8 vCPU to pods: 3 replicas of 1 vCPU need 2 nodes.
        const findings = capacityFindings(
            {
                cluster: {
                    nodeGroups: {
                        general: { instanceTypes: ["m5.large"], maxSize: 1, taints: [] },
                    },
                },
                services: { a: { resources: { requests: { cpu: "1", memory: "1Gi" } } } },
                mlWorkloads: {},
            },
            true,
        );
        assert.match(findings.map((f) => f.message).join("\n"), /a 3 x/);
    });

    it("the default is declared in one place: no other file sets a service's replicas to a literal", () => {
        const owners = ["components/microservice", "schemas"]
            .flatMap((dir) => fs.readdirSync(path.join(ROOT, dir)).map((f) => path.join(dir, f)))
            .filter((f) => f.endsWith(".ts"))
            .filter((f) =>
                /DEFAULT_SERVICE_REPLICAS = \d|replicas \?\? \d/.test(
                    fs.readFileSync(path.join(ROOT, f), "utf8"),
                ),
            );
        assert.deepStrictEqual(owners, [path.join("components/microservice", "defaults.ts")]);
    });
});
