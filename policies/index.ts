// Assembly only: the policies live in policies.ts (importable without starting a server).
import { PolicyPack } from "@pulumi/policy";

import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, policies } from "./policies";

new PolicyPack(PACK_NAME, { policies, enforcementLevel: PACK_ENFORCEMENT_LEVEL });
