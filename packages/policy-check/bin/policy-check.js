#!/usr/bin/env node
/**
 * The `policy-check` command of the packed checker: checks plain Kubernetes manifests with the
 * policy pack compiled into this package. Paths are relative to the folder it is run in, `-` reads
 * standard input:
 *
 *     helm template my-release ./chart | npx policy-check --config production --format sarif -
 *
 * It runs tools/policy-check.ts as `tsc` compiled it into `dist/` when the package was packed;
 * `--help` lists the options.
 */
"use strict";
require("../dist/tools/policy-check.js");
