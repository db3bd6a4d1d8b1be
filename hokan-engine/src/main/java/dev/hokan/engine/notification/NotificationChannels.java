package dev.hokan.engine.notification;

import dev.hokan.catalog.cell.notification.Subscription;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * How the deployment's notifications leave: the signing key, the SMTP relay if one is set, and the server's
 * endpoint, which the messages' links name (known once the server listens; nothing goes out before). One attempt
 * at one delivery either returns or throws an IOException saying why it failed.
 */
public final class NotificationChannels {
    /** Where the server serves the signing certificate, the SigningCertURL's path. */
    public static final String CERTIFICATE_PATH = "/sns/SimpleNotificationService-hokan.pem";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final SigningKey signingKey;
    private final Optional<SmtpRelay> smtp;
    private final HttpClient http;
    private volatile URI endpoint;

    public NotificationChannels(SigningKey signingKey, Optional<SmtpRelay> smtp) {
        this.signingKey = signingKey;
        this.smtp = smtp;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Starts deliveries, whose links start with {@code endpoint}: where subscribers reach the server. */
    public void serveAt(URI endpoint) {
        this.endpoint = endpoint;
    }

    boolean ready() {
        return endpoint != null;
    }

    public SigningKey signingKey() {
        return signingKey;
    }

    Optional<SmtpRelay> smtp() {
        return smtp;
    }

    /** One attempt to hand the message to the subscription's endpoint. */
    void deliver(Subscription s, String subscriptionArn, NotificationMessage m, String displayName,
                 int signatureVersion) throws IOException, InterruptedException {
        switch (s.protocol()) {
            case "email" -> email(s, subscriptionArn, m, displayName);
            default -> post(s, subscriptionArn, m, signatureVersion);
        }
    }

    private void post(Subscription s, String subscriptionArn, NotificationMessage m, int signatureVersion)
            throws IOException, InterruptedException {
        boolean raw = m.kind() == NotificationMessage.Kind.NOTIFICATION && SubscriptionAttributes.raw(s);
        String body = raw ? m.message() : Envelope.json(m, subscriptionArn, endpoint, signingKey, signatureVersion);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.endpoint())).timeout(TIMEOUT)
                .header("Content-Type", "text/plain; charset=UTF-8")
                .header("User-Agent", "Hokan-Notification-Agent")
                .header("x-amz-sns-message-type", m.kind().wireName())
                .header("x-amz-sns-message-id", m.messageId())
                .header("x-amz-sns-topic-arn", m.topicArn())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (m.kind() == NotificationMessage.Kind.NOTIFICATION) {
            request.header("x-amz-sns-subscription-arn", subscriptionArn);
        }
        if (raw) {
            request.header("x-amz-sns-rawdelivery", "true");
        }
        HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("The endpoint answered HTTP " + response.statusCode());
        }
    }

    private void email(Subscription s, String subscriptionArn, NotificationMessage m, String displayName)
            throws IOException {
        SmtpRelay relay = smtp.orElseThrow(() -> new IOException("No SMTP relay is set (--smtp-host)"));
        if (m.kind() == NotificationMessage.Kind.SUBSCRIPTION_CONFIRMATION) {
            relay.send(s.endpoint(), prefixed(displayName, "Subscription Confirmation"), "You have chosen to"
                    + " subscribe to the topic:\n" + m.topicArn() + "\n\nTo confirm this subscription, click or visit"
                    + " the link below (if this was in error, no action is necessary):\n"
                    + Envelope.subscribeUrl(endpoint, m) + "\n");
            return;
        }
        String subject = m.subject() != null ? m.subject() : prefixed(displayName, "Notification Message");
        relay.send(s.endpoint(), subject, m.message() + "\n\n--\nIf you wish to stop receiving notifications from"
                + " this topic, visit the link below to unsubscribe:\n"
                + Envelope.unsubscribeUrl(endpoint, subscriptionArn) + "\n");
    }

    private static String prefixed(String displayName, String what) {
        return (displayName == null || displayName.isEmpty() ? "AWS Notification" : displayName) + " - " + what;
    }
}
