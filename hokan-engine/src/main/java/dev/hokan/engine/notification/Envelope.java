package dev.hokan.engine.notification;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A message as SNS delivers it to an HTTP(S) or email-JSON endpoint: the JSON document with its URLs and its
 * signature over the canonical string of its fields (each name and value on a line of its own, in SNS's order).
 * The URLs point at the server's endpoint: SubscribeURL and UnsubscribeURL are its {@code ?Action=...} links,
 * SigningCertURL its certificate.
 */
final class Envelope {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Envelope() {
    }

    static String timestamp(NotificationMessage m) {
        return TIMESTAMP.format(m.timestamp());
    }

    static String subscribeUrl(URI endpoint, NotificationMessage m) {
        return endpoint + "/?Action=ConfirmSubscription&TopicArn=" + encode(m.topicArn()) + "&Token=" + m.token();
    }

    static String unsubscribeUrl(URI endpoint, String subscriptionArn) {
        return endpoint + "/?Action=Unsubscribe&SubscriptionArn=" + encode(subscriptionArn);
    }

    /** The signed JSON document. */
    static String json(NotificationMessage m, String subscriptionArn, URI endpoint, SigningKey key,
                       int signatureVersion) {
        boolean notification = m.kind() == NotificationMessage.Kind.NOTIFICATION;
        StringBuilder canonical = new StringBuilder();
        ObjectNode doc = JSON.createObjectNode().put("Type", m.kind().wireName()).put("MessageId", m.messageId());
        field(canonical, "Message", m.message());
        field(canonical, "MessageId", m.messageId());
        if (notification) {
            doc.put("TopicArn", m.topicArn());
            if (m.subject() != null) {
                doc.put("Subject", m.subject());
                field(canonical, "Subject", m.subject());
            }
            doc.put("Message", m.message()).put("Timestamp", timestamp(m));
        } else {
            String subscribeUrl = subscribeUrl(endpoint, m);
            doc.put("Token", m.token()).put("TopicArn", m.topicArn()).put("Message", m.message())
                    .put("SubscribeURL", subscribeUrl).put("Timestamp", timestamp(m));
            field(canonical, "SubscribeURL", subscribeUrl);
        }
        field(canonical, "Timestamp", timestamp(m));
        if (!notification) {
            field(canonical, "Token", m.token());
        }
        field(canonical, "TopicArn", m.topicArn());
        field(canonical, "Type", m.kind().wireName());
        doc.put("SignatureVersion", Integer.toString(signatureVersion))
                .put("Signature", key.sign(canonical.toString(), signatureVersion))
                .put("SigningCertURL", endpoint + NotificationChannels.CERTIFICATE_PATH);
        if (notification) {
            doc.put("UnsubscribeURL", unsubscribeUrl(endpoint, subscriptionArn));
            if (!m.attributes().isEmpty()) {
                ObjectNode attributes = doc.putObject("MessageAttributes");
                m.attributes().forEach((name, a) ->
                        attributes.putObject(name).put("Type", a.dataType()).put("Value", a.value()));
            }
        }
        return JSON.writeValueAsString(doc);
    }

    private static void field(StringBuilder canonical, String name, String value) {
        canonical.append(name).append('\n').append(value).append('\n');
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
