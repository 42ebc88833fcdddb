/**
 * The build's last step (after tsc): the policy pack's files the compiled checker reads at run time,
 * copied beside the compiled pack in `dist/policies/`: the per-stack configs (`--config staging`)
 * and the pack's package.json (the pack reports its version from it; the Analyzer server reads it
 * from its working directory), pointing at the compiled `index.js`. tools/launch.js does the same
 * for the offline tools' build.
 *
 * Plain JavaScript: it runs in `prepack`, with nothing compiled yet.
 */
"use strict";
const fs = require("fs");
const path = require("path");

const pack = path.resolve(__dirname, "..", "..", "policies");
const out = path.join(__dirname, "dist", "policies");
fs.mkdirSync(path.join(out, "config"), { recursive: true });
for (const name of fs.readdirSync(path.join(pack, "config"))) {
    if (name.endsWith(".json")) {
        fs.copyFileSync(path.join(pack, "config", name), path.join(out, "config", name));
    }
}
const pkg = JSON.parse(fs.readFileSync(path.join(pack, "package.json"), "utf8"));
const { exports: _e, types: _t, files: _f, scripts: _s, ...kept } = pkg;
fs.writeFileSync(
    path.join(out, "package.json"),
    `${JSON.stringify({ ...kept, main: "index.js" }, null, 2)}\n`,
);
