package dev.hokan.engine.iam;

/** A statement's Effect; the policy grammar spells it exactly {@code "Allow"} or {@code "Deny"}. */
public enum Effect {
    ALLOW("Allow"),
    DENY("Deny");

    private final String text;

    Effect(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }
}
