/**
 * The component library as a package: `packages/platform-components` packed (its `prepack` compiles
 * the components and the core they use into `dist/`), installed from the tarball into an empty
 * folder, imported by its name, and a small Pulumi program using it run there under Pulumi's mocks.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

import { InstalledPackage, installedPackage } from "../helpers/npm-package";
import { ROOT } from "../tools/cli";

/** What docs/public-api.md calls public, as values (the args are types only). */
const PUBLIC = [
    "Cluster",
    "ClusterAddons",
    "Datastore",
    "IngressRoutes",
    "MLWorkload",
    "MeshNamespacePolicy",
    "MeshPolicy",
    "Microservice",
    "PLATFORM_STACK_OUTPUTS",
    "PostgresAppRole",
    "WorkloadObservability",
    "createPlatform",
    "dataStores",
    "ingressHealthUrl",
    "mlService",
    "namespaceMesh",
    "nodeProvisioning",
    "platformFromFacts",
    "platformFromStack",
    "platformService",
    "platformStackOutputs",
    "postgresAppRoles",
    "trafficIn",
];

/** A user's program: the platform context from facts, one golden-path service and one workload. */
const PROGRAM = `"use strict";
const pulumi = require("@pulumi/pulumi");
const created = [];
pulumi.runtime.setMocks(
    {
        newResource: (a) => {
            created.push(a.type + "::" + a.name);
            return { id: a.name + "-id", state: a.inputs };
        },
        call: (a) => a.inputs,
    },
    "team-app",
    "dev",
    false,
);
const k8s = require("@pulumi/kubernetes");
const { createPlatform, Microservice, platformService } = require("@supply-chain/platform-components");
const provider = new k8s.Provider("k8s", { kubeconfig: "{}" });
const none = [];
const platform = createPlatform(
    {
        provider,
        oidc: { arn: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.x/id/A", url: "https://oidc.eks.x/id/A" },
        nodeGroups: {},
    },
    { ready: { istio: none, nvidiaDevicePlugin: none, prometheus: none, verticalPodAutoscaler: none,
               externalSecrets: none, loadBalancerController: none, argoRollouts: none } },
    { namespace: "team-a", region: "eu-west-1" },
);
const resources = { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "200m", memory: "256Mi" } };
platformService("orders", { platform, image: "registry.example.com/orders:v1.0.0", replicas: 2, resources, callers: ["web"] });
new Microservice("web", { platform, image: "registry.example.com/web:v1.0.0", replicas: 2, resources });
process.once("beforeExit", () => console.log(JSON.stringify(created.sort())));
`;

describe("component library package, packed and installed in an empty folder", function () {
    this.timeout(600_000);
    let pkg: InstalledPackage;

    before(async () => {
        pkg = await installedPackage("platform-components");
    });

    it("ships compiled JavaScript with declarations, the dashboards, LICENSE and CHANGELOG, nothing else", () => {
        assert.deepStrictEqual(
            pkg.files.filter((f) => !f.startsWith("dist/")),
            ["CHANGELOG.md", "LICENSE", "package.json"],
        );
        assert.deepStrictEqual(
            pkg.files.filter(
                (f) =>
                    f.startsWith("dist/") &&
                    !/^dist\/(components|lib|packages\/platform-components)\/.+\.(js|d\.ts)$/.test(
                        f,
                    ),
            ),
            [
                "dist/components/addons/load-balancer-controller/data/aws-load-balancer-controller-iam-policy.json",
                "dist/components/observability/dashboards/ml-serving.json",
                "dist/components/observability/dashboards/service.json",
            ],
        );
        for (const base of [
            "dist/packages/platform-components/index",
            "dist/components/microservice/microservice",
            "dist/lib/records",
        ]) {
            assert.ok(pkg.files.includes(`${base}.js`) && pkg.files.includes(`${base}.d.ts`), base);
        }
        assert.strictEqual(
            fs.readFileSync(path.join(pkg.dir, "LICENSE"), "utf8"),
            fs.readFileSync(path.join(ROOT, "LICENSE"), "utf8"),
        );
        const version = pkg.manifest.version.replace(/\./g, "\\.");
        assert.match(
            fs.readFileSync(path.join(pkg.dir, "CHANGELOG.md"), "utf8"),
            new RegExp(`^## \\[${version}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m"),
        );
    });

    it("declares a semantic version, the license and no install-time script", () => {
        const shipped = JSON.parse(fs.readFileSync(path.join(pkg.dir, "package.json"), "utf8"));
        assert.match(shipped.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
        assert.strictEqual(shipped.license, "Apache-2.0");
        for (const script of ["preinstall", "install", "postinstall", "prepare"]) {
            assert.strictEqual(shipped.scripts?.[script], undefined, script);
        }
    });

    it("exports exactly the public API by its name, and nothing internal by a deep path", () => {
        const node = (code: string) =>
            spawnSync(process.execPath, ["-e", code], { cwd: pkg.app, encoding: "utf8" });
        const names = node(
            `console.log(Object.keys(require("${pkg.manifest.name}")).sort().join(","))`,
        );
        assert.strictEqual(names.stderr, "");
        assert.strictEqual(names.stdout, `${[...PUBLIC].sort().join(",")}\n`);
        const deep = node(`require("${pkg.manifest.name}/dist/lib/records.js")`);
        assert.strictEqual(deep.status, 1);
        assert.match(deep.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
    });

    it("runs a program using platformService and Microservice under Pulumi's mocks", () => {
        fs.writeFileSync(path.join(pkg.app, "index.js"), PROGRAM);
        const r = spawnSync(process.execPath, ["index.js"], { cwd: pkg.app, encoding: "utf8" });
        assert.strictEqual(r.stderr, "");
        assert.strictEqual(r.status, 0);
        assert.deepStrictEqual(JSON.parse(r.stdout), [
            "kubernetes:apps/v1:Deployment::orders",
            "kubernetes:apps/v1:Deployment::web",
            "kubernetes:core/v1:Namespace::apps-ns",
            "kubernetes:core/v1:Service::orders-svc",
            "kubernetes:core/v1:Service::web-svc",
            "kubernetes:core/v1:ServiceAccount::orders-sa",
            "kubernetes:core/v1:ServiceAccount::web-sa",
            "kubernetes:networking.istio.io/v1:DestinationRule::orders-mesh-dr",
            "kubernetes:networking.istio.io/v1:Sidecar::orders-mesh-sidecar",
            "kubernetes:networking.istio.io/v1:VirtualService::orders-mesh-vs",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::orders-netpol",
            "kubernetes:networking.k8s.io/v1:NetworkPolicy::web-netpol",
            "kubernetes:policy/v1:PodDisruptionBudget::orders-pdb",
            "kubernetes:policy/v1:PodDisruptionBudget::web-pdb",
            "kubernetes:security.istio.io/v1:AuthorizationPolicy::orders-mesh-authz",
            "platform:apps:Microservice::orders",
            "platform:apps:Microservice::web",
            "platform:apps:Namespace::apps",
            "platform:mesh:MeshPolicy::orders-mesh",
            "pulumi:providers:kubernetes::k8s",
        ]);
    });
});
