/**
 * A written reason for an exception (an IAM allowance, an mTLS migration window): words a reviewer can
 * read, not spaces or invisible characters (lib/text/reason.ts).
 */
import { z } from "zod";

import { reasonProblem } from "../lib/text/reason";

/** A reason: at least 20 visible characters and 3 different words. */
export const reasonSchema = z.string().superRefine((reason, ctx) => {
    const problem = reasonProblem(reason);
    if (problem) {
        ctx.addIssue({ code: "custom", message: problem, input: reason });
    }
});
