/**
 * Schema of `services.<name>.iam`: the statements of the service's IRSA role. Wildcard and
 * privilege-escalation actions and account-wide resources are refused unless `allow` lists each of them
 * with a reason. The pack's `iam-disallow-wildcard-actions` checks the same facts (lib/aws/iam.ts)
 * on every IAM policy in the stack, with its own per-stack allowance (`allowedActions`,
 * `allowedResources`): an exception needs both keys.
 */
import { z } from "zod";

import { isEscalationAction, isWildcardAction, wideResource } from "../lib/aws/iam";

const statementSchema = z.strictObject({
    actions: z
        .array(
            z
                .string()
                .regex(
                    /^(\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$/,
                    "must be an IAM action like s3:GetObject",
                ),
        )
        .min(1),
    resources: z.array(z.string().regex(/^(\*|arn:aws[\w-]*:.+)$/, "must be an ARN or *")).min(1),
    effect: z.enum(["Allow", "Deny"]).default("Allow"),
});

/** An explicit, reasoned exception: exactly which actions and resources, and why. */
const allowSchema = z.strictObject({
    reason: z.string().min(20, "must explain the exception in at least 20 characters"),
    actions: z.array(z.string()).default([]),
    resources: z.array(z.string()).default([]),
});

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
                const rule = isWildcardAction(a)
                    ? "must name an action (no * or service:*)"
                    : isEscalationAction(a)
                      ? "must not be a privilege-escalation action (iam:PassRole, iam:Create*, iam:Attach*, iam:Put*, iam:Update*, sts:AssumeRole*...)"
                      : undefined;
                if (rule && allowed.actions.includes(a)) {
                    used.actions.add(a);
                } else if (rule) {
                    ctx.addIssue({
                        code: "custom",
                        path: ["statements", i, "actions", j],
                        message: `${rule} unless iam.allow.actions lists it with a reason`,
                        input: a,
                    });
                }
            });
            s.resources.forEach((r, j) => {
                const why = wideResource(r);
                if (why && allowed.resources.includes(r)) {
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
