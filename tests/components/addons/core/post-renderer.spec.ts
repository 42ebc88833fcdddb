/**
 * The post-renderer that drops chart templates, run the way Helm runs it: the command with its
 * arguments, the rendered stream (`---\n# Source: <template>\n<object>` per document) on stdin.
 * Not proven here: that Helm and pulumi-kubernetes call it (post-renderer.ts cites their sources).
 */
import * as assert from "assert";

import { TEMPLATE_FILTER_SCRIPT, withoutTemplates } from "../../../../components/addons";
import { helmDocument, runPostRenderer } from "../../../helpers/post-renderer";

describe("withoutTemplates", () => {
    const a = helmDocument("c/templates/a.yaml", "kind: ConfigMap\nmetadata:\n  name: a");
    const b = helmDocument("c/templates/b.yaml", "kind: DaemonSet\nmetadata:\n  name: b");
    const bHeader = helmDocument("c/templates/b.yaml", "# licence header only");
    const d = helmDocument("c/templates/d.yaml", "kind: Service\nmetadata:\n  name: d");

    it("drops every document of the named templates and keeps the others byte for byte", () => {
        assert.strictEqual(
            runPostRenderer(withoutTemplates(["c/templates/b.yaml"]), a + b + d + bHeader),
            a + d,
        );
    });

    it("drops a first document without losing the stream's leading separator", () => {
        assert.strictEqual(runPostRenderer(withoutTemplates(["c/templates/a.yaml"]), a + d), d);
    });

    it("passes a stream without those templates through unchanged", () => {
        assert.strictEqual(runPostRenderer(withoutTemplates(["c/templates/x.yaml"]), a + b), a + b);
    });

    it("is `node -e <filter> <templates...>`", () => {
        assert.deepStrictEqual(withoutTemplates(["c/templates/b.yaml", "c/templates/d.yaml"]), {
            command: "node",
            args: ["-e", TEMPLATE_FILTER_SCRIPT, "c/templates/b.yaml", "c/templates/d.yaml"],
        });
    });

    it("fails without a template to drop", () => {
        assert.throws(() => withoutTemplates([]), {
            message: "withoutTemplates: give at least one template to drop, got none",
        });
    });
});
