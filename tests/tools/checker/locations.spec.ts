/**
 * Every finding points at the field it is about: SARIF `region.startLine`/`startColumn` are checked
 * against the text of the file at that position.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

import type { SarifReport } from "../cli";
import { runChecker } from "./in-process";

const MANIFESTS = `# two objects with findings, the second inside a List
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  replicas: "three"
  selector:
    matchLabels: { app: api }
  template:
    metadata:
      labels: { app: api }
    spec:
      securityContext:
        runAsNonRoot: true
        seccompProfile: { type: RuntimeDefault }
      containers:
        - name: api
          image: registry.example.com/api:latest
          ports:
            - containerPort: "http"
---
apiVersion: v1
kind: List
items:
  - apiVersion: security.istio.io/v1
    kind: PeerAuthentication
    metadata:
      name: default
      namespace: shop
    spec:
      mtls:
        mode: PERMISSIVE
`;

describe("checker: finding locations", function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "locations-"));
    fs.writeFileSync(path.join(dir, "app.yaml"), MANIFESTS);
    const lines = MANIFESTS.split("\n");

    it("puts each SARIF result at its field's line and column", async () => {
        const run = await runChecker(
            ["--config", "production", "--format", "sarif", "app.yaml"],
            dir,
        );
        assert.strictEqual(run.code, 1, run.err);
        const sarif = JSON.parse(run.out) as SarifReport;
        const at = (ruleId: string, text: RegExp) => {
            const r = sarif.runs[0].results.find(
                (x) => x.ruleId === ruleId && text.test(x.message.text),
            );
            assert.ok(r, `a ${ruleId} result matching ${text}`);
            const { uri } = r.locations[0].physicalLocation.artifactLocation;
            const { startLine, startColumn } = r.locations[0].physicalLocation.region;
            assert.strictEqual(uri, "app.yaml");
            // What the file holds from that position on.
            return [startLine, startColumn, lines[startLine - 1].slice(startColumn - 1)];
        };
        assert.deepStrictEqual(at("manifest-schema", /replicas must be integer/), [
            8,
            3,
            'replicas: "three"',
        ]);
        assert.deepStrictEqual(at("manifest-schema", /containerPort must be integer/), [
            22,
            15,
            'containerPort: "http"',
        ]);
        assert.deepStrictEqual(at("workloads-disallow-latest-tag", /latest/), [
            20,
            11,
            "image: registry.example.com/api:latest",
        ]);
        // A missing field points at the deepest part that exists: the container without limits.
        assert.deepStrictEqual(at("workloads-require-resource-limits", /limits\.cpu/), [
            19,
            11,
            "name: api",
        ]);
        // Inside a List: items[0] of the second document.
        assert.deepStrictEqual(at("mesh-require-strict-mtls", /PERMISSIVE/), [
            34,
            9,
            "mode: PERMISSIVE",
        ]);
    });

    it("gives text output the same file:line:column", async () => {
        const run = await runChecker(["--config", "production", "app.yaml"], dir);
        const schema = run.out
            .split("\n")
            .filter((l) => l.includes("[manifest-schema]"))
            .map((l) => l.trim());
        assert.deepStrictEqual(schema, [
            "app.yaml:8:3 mandatory [manifest-schema] Deployment 'api' does not match the apps/v1/Deployment schema: data/spec/replicas must be integer",
            "app.yaml:22:15 mandatory [manifest-schema] Deployment 'api' does not match the apps/v1/Deployment schema: data/spec/template/spec/containers/0/ports/0/containerPort must be integer",
        ]);
    });
});
