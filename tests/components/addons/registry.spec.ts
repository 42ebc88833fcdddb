import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";

import { ADDONS, INSTALL_ORDER } from "../../../components/addons/registry";
import { addonsSchema } from "../../../schemas/addons";

describe("add-on registry", () => {
    it("agrees with the addons config schema: one key per add-on with a schema, and no other", () => {
        const withSchema = ADDONS.filter((a) => a.schema !== undefined).map((a) => a.name);
        assert.deepStrictEqual(Object.keys(addonsSchema.shape), withSchema);
        for (const addon of ADDONS) {
            if (addon.schema !== undefined) {
                assert.strictEqual(
                    addonsSchema.shape[addon.name as keyof typeof addonsSchema.shape],
                    addon.schema,
                    addon.name,
                );
            }
        }
    });

    it("has a schema for every add-on but the ingress gateway (configured under `ingress`)", () => {
        assert.deepStrictEqual(
            ADDONS.filter((a) => a.schema === undefined).map((a) => a.name),
            ["ingressGateway"],
        );
    });

    it("installs in this order: every add-on after its dependencies", () => {
        assert.deepStrictEqual(
            INSTALL_ORDER.map((a) => a.name),
            [
                "istio",
                "metricsServer",
                "verticalPodAutoscaler",
                "clusterAutoscaler",
                "nvidiaDevicePlugin",
                "externalSecrets",
                "ebsCsiDriver",
                "monitoring",
                "prometheusAdapter",
                "logging",
                "tracing",
                "awsLoadBalancerController",
                "ingressGateway",
                "argoRollouts",
            ],
        );
    });

    it("keeps each add-on's definition and schema in its own folder", () => {
        const root = path.resolve(__dirname, "../../../components/addons");
        const folders = fs
            .readdirSync(root, { withFileTypes: true })
            .filter((d) => d.isDirectory() && d.name !== "core")
            .map((d) => d.name)
            .sort();
        assert.strictEqual(folders.length, ADDONS.length);
        for (const folder of folders) {
            assert.ok(fs.existsSync(path.join(root, folder, "addon.ts")), `${folder}/addon.ts`);
        }
    });
});
