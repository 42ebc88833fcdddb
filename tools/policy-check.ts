/**
 * `policy-check [--config staging|production|<file>] [--format text|json|sarif] [--skip-hooks]
 *  [--stdin-name <name>] [--pack inprocess|grpc] <files, folders or -...>`
 *
 * Checks plain Kubernetes manifests (Kustomize output, Helm templates) with the real policy pack; the
 * `policy-check` bin and `npm run policy:check` both run this file. All the work is in
 * checker/main.ts (`main(argv, io)`); this file only connects it to the process.
 */
import { main } from "./checker/main";
import { processIo } from "./checker/io";
import { runMain } from "./offline/cli";

runMain(() => main(process.argv.slice(2), processIo()));
