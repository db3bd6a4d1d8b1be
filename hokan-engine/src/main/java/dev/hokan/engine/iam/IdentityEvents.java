package dev.hokan.engine.iam;

import dev.hokan.engine.event.EventType;
import java.util.Map;

/**
 * Where changes to the identity catalog are recorded as events, by the current actor: those of one account's identities
 * in that account's event log, those of the whole deployment (accounts, the organisation) in the operator's, and
 * those of the deployment that concern one account (its creation, its place in the organisation, policies attached
 * to it) in both.
 */
public interface IdentityEvents {
    void ofAccount(String accountId, EventType type, String resourceArn, String message, Map<String, String> details);

    void ofDeployment(EventType type, String resourceArn, String message, Map<String, String> details);

    void ofDeploymentConcerning(String accountId, EventType type, String resourceArn, String message,
                                Map<String, String> details);
}
