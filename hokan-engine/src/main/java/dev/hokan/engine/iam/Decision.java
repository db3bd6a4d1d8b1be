package dev.hokan.engine.iam;

import java.util.Objects;

/** The outcome of evaluating a request against its policies, with what decided it in words. */
public record Decision(Outcome outcome, String reason) {

    public enum Outcome {
        ALLOW,
        EXPLICIT_DENY,
        IMPLICIT_DENY
    }

    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
