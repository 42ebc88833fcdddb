/**
 * The checker's own rules, reported like policies next to the pack's (SARIF rules, JSON `policy`).
 */
import { MALFORMED_DESCRIPTION, MALFORMED_RULE } from "../offline/malformed";
import {
    EXEMPTION_DESCRIPTION,
    EXEMPTION_RULE,
    UNUSED_EXEMPTION_DESCRIPTION,
    UNUSED_EXEMPTION_RULE,
} from "./exemptions";

/** Objects match the upstream schema of their kind (the offline preview's validator). */
export const SCHEMA_RULE = "manifest-schema";
const SCHEMA_DESCRIPTION =
    "Objects match the upstream schema of their apiVersion and kind (Kubernetes, Istio, Prometheus operator, External Secrets, Argo Rollouts, and CRDs given in the same input).";

/** A rule of the checker itself. */
export interface CheckerRule {
    readonly id: string;
    readonly description: string;
    readonly level: "mandatory" | "advisory";
}

/** Every rule of the checker itself, in report order. */
export const CHECKER_RULES: readonly CheckerRule[] = [
    { id: MALFORMED_RULE, description: MALFORMED_DESCRIPTION, level: "mandatory" },
    { id: SCHEMA_RULE, description: SCHEMA_DESCRIPTION, level: "mandatory" },
    { id: EXEMPTION_RULE, description: EXEMPTION_DESCRIPTION, level: "mandatory" },
    { id: UNUSED_EXEMPTION_RULE, description: UNUSED_EXEMPTION_DESCRIPTION, level: "advisory" },
];
