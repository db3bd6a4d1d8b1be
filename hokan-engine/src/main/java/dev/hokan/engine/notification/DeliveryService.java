package dev.hokan.engine.notification;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.catalog.cell.notification.Delivery;
import dev.hokan.catalog.cell.notification.DeliveryStatus;
import dev.hokan.catalog.cell.notification.Subscription;
import dev.hokan.catalog.cell.notification.Topic;
import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.engine.CellContext;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.endpoint.Endpoints;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Empties one cell's outbox: every half second the head of each subscription's queue (its oldest pending message)
 * goes out once it is due, so a subscription gets its messages in order; the heads of several subscriptions go out
 * at once. A failed attempt is tried again after 1 s, 2 s, 4 s... up to 10 minutes between attempts, until the
 * message's 24 hours of retries are over; then it fails and the next one goes. The outbox is in the catalog, so
 * what a stop interrupted goes out after the next start: at least once, never lost. Nodes sharing the catalog share its
 * outbox: a node claims each message it sends for {@link #CLAIM} (longer than an attempt can take), so no other node
 * sends it meanwhile; a message whose node died while sending it is due again when the claim ends.
 */
public final class DeliveryService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DeliveryService.class.getName());
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofMinutes(10);
    private static final int HEADS_PER_ROUND = 32;
    /** How long a node's claim on a message lasts: longer than one attempt, bounded by the channels' timeouts. */
    private static final Duration CLAIM = Duration.ofMinutes(2);

    /** What an attempt came to. */
    public enum AttemptResult {
        DELIVERED,
        /** Failed; the message waits for its next attempt. */
        RETRYING,
        /** Failed for good: its retries are over, or its subscription is gone. */
        FAILED
    }

    /** A delivery as the deliveries list shows it, with what its message says of itself. */
    public record DeliveryView(Delivery delivery, String topicArn, String subscriptionArn, String messageId,
                               String messageType) {
    }

    private final CellContext cell;
    private final NotificationChannels channels;
    private final Endpoints endpoints;
    private final String nodeId;
    private final ScheduledExecutorService loop;
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<AttemptResult, LongAdder> attempts = new EnumMap<>(AttemptResult.class);

    /**
     * @param endpoints checked before each HTTP(S) delivery: an endpoint no longer granted fails the attempt
     * @param nodeId this node, which claims the messages it sends
     */
    public DeliveryService(CellContext cell, NotificationChannels channels, Endpoints endpoints, String nodeId) {
        this.cell = cell;
        this.channels = channels;
        this.endpoints = endpoints;
        this.nodeId = nodeId;
        for (AttemptResult r : AttemptResult.values()) {
            attempts.put(r, new LongAdder());
        }
        this.loop = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("hokan-deliveries")
                .daemon().factory());
    }

    /** Starts sending; the messages this node claimed before it stopped are due at once. */
    public void start() {
        int released = cell.catalog().write(tx -> tx.deliveries().releaseClaims(nodeId, Instant.now()));
        if (released > 0) {
            LOG.info(released + " notification(s) this node was sending when it stopped go out again");
        }
        loop.scheduleWithFixedDelay(this::round, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many attempts since the start came to each result: what metrics count. */
    public Map<AttemptResult, Long> attemptCounts() {
        Map<AttemptResult, Long> counts = new EnumMap<>(AttemptResult.class);
        attempts.forEach((result, n) -> counts.put(result, n.sum()));
        return counts;
    }

    /** How many deliveries of the outbox are in each status. */
    public Map<DeliveryStatus, Long> statusCounts() {
        return cell.catalog().read(tx -> {
            Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
            for (DeliveryStatus s : DeliveryStatus.values()) {
                counts.put(s, tx.deliveries().count(s));
            }
            return counts;
        });
    }

    /** The deliveries in creation order, those in {@code status} only when it is given. */
    public Page<DeliveryView> list(DeliveryStatus status, PageRequest page) {
        Page<Delivery> deliveries = cell.catalog().read(tx -> tx.deliveries().list(status, page));
        return new Page<>(deliveries.items().stream().map(this::view).toList(), deliveries.next());
    }

    private DeliveryView view(Delivery d) {
        NotificationMessage m = NotificationMessage.parse(d.message());
        return new DeliveryView(d, m.topicArn(), TopicArns.subscription(cell.account(), d.topicName(),
                d.subscriptionId()), m.messageId(), m.kind().wireName());
    }

    private void round() {
        if (!channels.ready()) {
            return;
        }
        try {
            Instant now = Instant.now();
            List<Delivery> due = cell.catalog().read(tx -> tx.deliveries().heads(HEADS_PER_ROUND)).stream()
                    .filter(d -> !d.nextAttempt().isAfter(now)).toList();
            if (due.isEmpty()) {
                return;
            }
            Instant leaseEnd = now.plus(CLAIM);
            List<Delivery> claimed = cell.catalog().write(tx -> due.stream()
                    .filter(d -> tx.deliveries().claim(d.deliveryId(), nodeId, leaseEnd, now)).toList());
            List<Future<?>> sent = new ArrayList<>();
            for (Delivery d : claimed) {
                sent.add(senders.submit(() -> attempt(d, leaseEnd)));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "Delivering notifications of account " + cell.account().accountId() + " in "
                    + cell.account().region() + " failed; tried again shortly", e);
        }
    }

    /** One attempt at a delivery this node claimed until {@code leaseEnd}. */
    private void attempt(Delivery d, Instant leaseEnd) {
        record Target(Subscription subscription, Optional<Topic> topic) {
        }
        Optional<Target> target = cell.catalog().read(tx -> tx.subscriptions().find(d.subscriptionId())
                .map(s -> new Target(s, tx.topics().find(s.topicName()))));
        if (target.isEmpty()) {
            save(d.abandoned("The subscription was deleted before the message reached it", Instant.now()), leaseEnd,
                    AttemptResult.FAILED);
            return;
        }
        Subscription s = target.get().subscription();
        Map<String, String> topic = target.get().topic().map(Topic::attributes).orElse(Map.of());
        String arn = TopicArns.subscription(cell.account(), s.topicName(), s.subscriptionId());
        try {
            if (!s.protocol().equals("email")) {
                endpoints.check(cell.account().accountId(), EndpointKind.SNS, URI.create(s.endpoint()));
            }
            channels.deliver(s, arn, NotificationMessage.parse(d.message()), topic.get("DisplayName"),
                    "2".equals(topic.get("SignatureVersion")) ? 2 : 1);
            save(d.delivered(Instant.now()), leaseEnd, AttemptResult.DELIVERED);
        } catch (IOException e) {
            failed(d, leaseEnd, describe(e));
        } catch (ServiceException refused) {
            failed(d, leaseEnd, refused.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void failed(Delivery d, Instant leaseEnd, String reason) {
        Instant now = Instant.now();
        Delivery failed = d.attemptFailed(reason, now, now.plus(backoff(d.attempts() + 1)));
        save(failed, leaseEnd, failed.status() == DeliveryStatus.FAILED ? AttemptResult.FAILED
                : AttemptResult.RETRYING);
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    /** The wait after the {@code attempt}-th failed attempt. */
    static Duration backoff(int attempt) {
        int doublings = Math.min(attempt - 1, 20);
        Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
        return wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
    }

    /**
     * Records the attempt, unless the claim ended meanwhile: then the node that claimed the message since records its
     * own.
     */
    private void save(Delivery d, Instant leaseEnd, AttemptResult result) {
        if (!cell.catalog().write(tx -> tx.deliveries().attempted(d, nodeId, leaseEnd))) {
            LOG.warning("Notification " + d.deliveryId() + " was claimed by another node while this one sent it;"
                    + " its attempt here is not recorded");
        }
        attempts.get(result).increment();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        senders.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
