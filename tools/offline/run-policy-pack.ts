/**
 * Starts the compiled policy pack's Analyzer server: `node run-policy-pack.js` with the pack's build
 * folder as working directory. The pack's `new PolicyPack(...)` reads `package.json` from there,
 * serves the Analyzer protocol and prints its port, as under the engine.
 *
 * This is `@pulumi/pulumi/cmd/run-policy-pack` (3.270.0, `cmd/run-policy-pack/run.js`) for a
 * JavaScript pack, minus what a compiled pack does not need: that runner registers ts-node and loads
 * `typescript` for every pack, compiled or not (about 1 s per start here). Like the other offline
 * tools, it defers the SDK's closure-serialisation dependencies (sdk-tuning.ts), which a pack never uses.
 */
import * as path from "path";

import { deferClosureModules } from "./sdk-tuning";

deferClosureModules();

// eslint-disable-next-line @typescript-eslint/no-require-imports
require(path.resolve(process.cwd(), "index.js"));
