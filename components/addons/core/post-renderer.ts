/**
 * A Helm post-renderer that removes whole chart templates from what a release renders.
 *
 * Why not `transforms`: a Pulumi transform returns new properties and options for a resource, never
 * "no resource" (`ResourceTransformResult` in @pulumi/pulumi `resource.ts`; omitting resources is the
 * open request pulumi/pulumi#3412). So an object a chart renders unconditionally, and that must not
 * exist, is removed before Pulumi registers it: `helm.v4.Chart` hands its rendered stream to the
 * `postRenderer` command (pulumi/pulumi-kubernetes `provider/pkg/provider/helm/v4/chart.go` sets it
 * on the template action), and Helm writes every document of that stream as
 * `---\n# Source: <chart>/templates/<file>\n<object>` before the post-renderer runs (helm/helm
 * `pkg/action/action.go`, `renderResources`). The filter drops the documents whose `# Source` is one
 * of the given templates and passes everything else through unchanged.
 *
 * The command is `node`, which runs this Pulumi program, with the filter inline (`node -e`), so it
 * needs no file outside the package and no other tool on the deploy runner.
 */

/** The filter run by `node -e`: stdin to stdout without the documents of the templates in argv. */
export const TEMPLATE_FILTER_SCRIPT = [
    "const drop = new Set(process.argv.slice(1));",
    'let input = "";',
    'process.stdin.setEncoding("utf8");',
    'process.stdin.on("data", (chunk) => (input += chunk));',
    'process.stdin.on("end", () => {',
    "    const kept = input.split(/^---[ \\t]*$/m).filter((doc) => {",
    "        const source = /^# Source: (.+)$/m.exec(doc);",
    "        return !(source && drop.has(source[1].trim()));",
    "    });",
    '    process.stdout.write(kept.join("---"));',
    "});",
].join("\n");

/** A `helm.v4.Chart` post-renderer: a command and its arguments. */
export interface PostRenderer {
    readonly command: string;
    readonly args: readonly string[];
}

/**
 * A post-renderer that drops every object rendered from `templates`, each given as Helm names it in
 * the `# Source` line: `<chart>/templates/<file>` (for a subchart, `<chart>/charts/<sub>/templates/<file>`).
 */
export function withoutTemplates(templates: readonly string[]): PostRenderer {
    if (templates.length === 0) {
        throw new Error("withoutTemplates: give at least one template to drop, got none");
    }
    return { command: "node", args: ["-e", TEMPLATE_FILTER_SCRIPT, ...templates] };
}
