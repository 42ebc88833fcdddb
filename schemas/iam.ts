/**
 * Schema of `services.<name>.iam`: the statements of the service's workload role. Patterns are read as
 * IAM reads them (lib/aws/iam.ts): an action pattern that can match a privilege-escalation action, that
 * names no action (`s3:*`, `*:Get*`), or a resource pattern that reaches every resource of a kind or
 * another owner's resources, is refused unless `allow` lists it, exactly as written, with a reason.
 * The pack's `iam-disallow-wildcard-actions` checks the same facts on every IAM policy in the stack,
 * with its own per-stack allowance (`allowedActions`, `allowedResources`): an exception needs both.
 */
import { z } from "zod";

import { escalationMatch, wideResource, wildcardAction } from "../lib/aws/iam";
import { patternWithin } from "../lib/aws/iam-patterns";
import { reasonSchema } from "./reason";

/**
 * An IAM action as IAM accepts it: `*`, or `<service>:<action>` where both may hold `*` and `?` and
 * letters in any case (`IAM:PassRole` is `iam:PassRole`).
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
 */
const actionPattern = z
    .string()
    .regex(
        /^(\*|[A-Za-z0-9*?-]+:[A-Za-z0-9*?]+)$/,
        "must be an IAM action like s3:GetObject (service prefix, a colon, an action name; * and ? as wildcards)",
    );

const statementSchema = z.strictObject({
    actions: z.array(actionPattern).min(1),
    resources: z.array(z.string().regex(/^(\*|arn:aws[\w-]*:.+)$/, "must be an ARN or *")).min(1),
    effect: z.enum(["Allow", "Deny"]).default("Allow"),
});

/** An explicit, reasoned exception: exactly which actions and resources, and why. */
const allowSchema = z.strictObject({
    reason: reasonSchema,
    actions: z.array(z.string()).default([]),
    resources: z.array(z.string()).default([]),
});

/** Why an Allow statement's action pattern needs an exception, or undefined. */
export function actionProblem(action: string): string | undefined {
    const wildcard = wildcardAction(action);
    if (wildcard) {
        return `must name actions, not ${wildcard}`;
    }
    const escalation = escalationMatch(action);
    if (escalation) {
        return `must not match a privilege-escalation action (it can match ${escalation.pattern}, which ${escalation.family.why})`;
    }
    return undefined;
}

export const iamSchema = z
    .strictObject({
        statements: z.array(statementSchema).min(1),
        allow: allowSchema.optional(),
    })
    .superRefine((iam, ctx) => {
        const allowed = iam.allow ?? { actions: [] as string[], resources: [] as string[] };
        const used = { actions: new Set<string>(), resources: new Set<string>() };
        iam.statements.forEach((s, i) => {
            if (s.effect !== "Allow") {
                return;
            }
            s.actions.forEach((a, j) => {
                const rule = actionProblem(a);
                if (rule && allowed.actions.includes(a)) {
                    used.actions.add(a);
                } else if (rule) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["statements", i, "actions", j],
                        message: `${rule}, unless iam.allow.actions lists it with a reason`,
                        input: a,
                    });
                }
            });
            s.resources.forEach((r, j) => {
                const why = wideResource(r);
                if (
                    allowed.resources.includes(r) &&
                    (why || r.split(":")[2] === "secretsmanager")
                ) {
                    // Another service's secret is judged by checkOwnSecrets, which knows the owner.
                    used.resources.add(r);
                } else if (why) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["statements", i, "resources", j],
                        message: `must name resources, not ${why}, unless iam.allow.resources lists it with a reason`,
                        input: r,
                    });
                }
            });
        });
        // A stale exception is a standing grant waiting for a statement: refuse it.
        for (const key of ["actions", "resources"] as const) {
            allowed[key].forEach((entry, k) => {
                if (!used[key].has(entry)) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["allow", key, k],
                        message: `must match a wildcard, escalating or account-wide entry of an Allow statement's ${key} (remove it)`,
                        input: entry,
                    });
                }
            });
        }
    });

/** A service's IAM as validated by {@link iamSchema}. */
export type ServiceIam = z.output<typeof iamSchema>;

/**
 * Refuses Allow statements of each service that reach another service's secrets: a Secrets Manager
 * resource must stay under the service's own path `<secretsPrefix>/<service>/` (where its
 * `services.<name>.secrets` are read from), unless `iam.allow.resources` lists it with a reason.
 */
export function checkOwnSecrets(
    services: ReadonlyMap<string, { readonly iam?: ServiceIam }>,
    secretsPrefix: string,
    ctx: z.RefinementCtx,
): void {
    for (const [name, service] of services) {
        const own = `secret:${secretsPrefix}/${name}/`;
        service.iam?.statements.forEach((s, i) => {
            if (s.effect !== "Allow") {
                return;
            }
            s.resources.forEach((r, j) => {
                const parts = r.split(":");
                if (parts[2] !== "secretsmanager" || wideResource(r) !== undefined) {
                    return;
                }
                if (
                    !patternWithin(parts.slice(5).join(":"), own) &&
                    !(service.iam?.allow?.resources ?? []).includes(r)
                ) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["services", name, "iam", "statements", i, "resources", j],
                        message: `must name only this service's own secrets (resource part starting ${own}), unless iam.allow.resources lists it with a reason`,
                        input: r,
                    });
                }
            });
        });
    }
}
