/**
 * Mocha root hooks: installs the Pulumi mocks once for the whole test process, before any spec runs,
 * and fixes fast-check's seed for properties that do not choose one, so a run is repeatable (a
 * property that fails names its seed and path; rerun with that seed to reproduce).
 */
import fc from "fast-check";

import { installMocks } from "../../tools/offline/mocks";

fc.configureGlobal({ seed: 20261206 });

export const mochaHooks = {
    async beforeAll(): Promise<void> {
        await installMocks({ project: "supply-chain-platform", stack: "test" });
    },
};
