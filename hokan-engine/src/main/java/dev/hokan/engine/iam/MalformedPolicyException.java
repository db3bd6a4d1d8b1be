package dev.hokan.engine.iam;

/** A policy document that is not valid JSON or breaks the IAM policy grammar; the message says where. */
public final class MalformedPolicyException extends RuntimeException {
    public MalformedPolicyException(String message) {
        super(message);
    }
}
