#!/usr/bin/env node
/**
 * The `policy-check` command (package.json `bin`): checks plain Kubernetes manifests with the policy
 * pack from any folder. Paths are relative to the folder it is run in, `-` reads standard input:
 *
 *     helm template my-release ./chart | npx policy-check --config production --format sarif -
 *
 * It runs tools/policy-check.ts precompiled, like `npm run policy:check` (tools/launch.js); `--help`
 * lists the options.
 */
"use strict";
require("../tools/launch.js").run("tools/policy-check", process.argv.slice(2));
