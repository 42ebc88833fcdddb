/**
 * Mocha root hooks: installs the Pulumi mocks once for the whole test process, before any spec runs.
 */
import { installMocks } from "../../tools/offline/mocks";

export const mochaHooks = {
    async beforeAll(): Promise<void> {
        await installMocks({ project: "supply-chain-platform", stack: "test" });
    },
};
