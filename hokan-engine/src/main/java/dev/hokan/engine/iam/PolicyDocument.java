package dev.hokan.engine.iam;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parsed IAM policy document, keeping the text it came from: AWS hands policies back verbatim. */
public final class PolicyDocument {
    private final String json;
    private final Optional<String> version;
    private final Optional<String> id;
    private final List<Statement> statements;

    PolicyDocument(String json, Optional<String> version, Optional<String> id, List<Statement> statements) {
        this.json = json;
        this.version = version;
        this.id = id;
        this.statements = List.copyOf(statements);
    }

    /** Parses and validates {@code json}; throws {@link MalformedPolicyException} saying what is wrong. */
    public static PolicyDocument parse(String json) {
        return PolicyParser.parse(Objects.requireNonNull(json, "json"));
    }

    public String json() {
        return json;
    }

    public Optional<String> version() {
        return version;
    }

    public Optional<String> id() {
        return id;
    }

    public List<Statement> statements() {
        return statements;
    }
}
