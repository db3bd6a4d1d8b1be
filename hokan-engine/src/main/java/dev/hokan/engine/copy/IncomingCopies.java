package dev.hokan.engine.copy;

import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.iam.ConditionContext;
import dev.hokan.store.ChunkId;
import dev.hokan.store.copy.BatchReceipt;
import dev.hokan.store.copy.CopyBlob;
import dev.hokan.store.copy.CopyDestination;
import dev.hokan.store.copy.CopyManifest;
import dev.hokan.store.copy.CopyReceiver;
import dev.hokan.store.copy.CopyWire;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Copies other Hokan sites send into this deployment's vaults. Opening one checks that the signer may perform
 * {@code backup:CopyIntoBackupVault} on the destination vault, under its access policy, and that the vault takes
 * the copy; then the sender's protocol messages go to a store receiver. The copy becomes a recovery point only when
 * the sender commits. A session lives until it commits or idles for an hour; a sender that lost it (a dropped
 * connection, a restart here) opens a new one and sends only what did not arrive.
 */
public final class IncomingCopies implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(IncomingCopies.class.getName());
    private static final Duration IDLE_LIMIT = Duration.ofHours(1);

    private final Deployment deployment;
    private final CopyRules rules;
    private final ServiceClock clock;
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();

    public IncomingCopies(Deployment deployment, CopyRules rules, ServiceClock clock) {
        this.deployment = deployment;
        this.rules = rules;
        this.clock = clock;
    }

    /** A session to send the copy through, or none when an earlier attempt already recorded the copy. */
    public record Opened(Optional<String> sessionId, String recoveryPointArn) {
    }

    public Opened open(String callerArn, String callerAccount, IncomingCopy copy, ConditionContext requestKeys)
            throws IOException, InterruptedException {
        closeIdle();
        String vaultName = CopyTargets.vaultName(copy.destinationVaultArn()).orElseThrow(() ->
                ServiceException.invalidParameter("DestinationBackupVaultArn " + copy.destinationVaultArn()
                        + " is not a backup vault ARN"));
        Arn arn = Arn.parse(copy.destinationVaultArn()).orElseThrow();
        if (!deployment.serves(arn.region())) {
            throw ServiceException.invalidRequest("This deployment does not serve region " + arn.region());
        }
        Engine cell = deployment.cell(arn.account(), arn.region());
        cell.vaults().describe(vaultName);
        rules.checkInto(callerArn, callerAccount, new CopyRules.Destination(cell.account(),
                copy.destinationVaultArn(), vaultName, cell), requestKeys);
        VaultCopyTarget target = cell.copyTargets().vault(vaultName);
        CopyRequest request = new CopyRequest(copy.copyJobId(), copy.copyRecoveryPointId(), copy.sourceVaultArn(),
                copy.source(), copy.lifecycle(), copy.iamRoleArn(), null, null);
        if (target.admit(request).isPresent()) {
            return new Opened(Optional.empty(), target.arnOf(request));
        }
        abandon(copy.copyRecoveryPointId());
        String id = UUID.randomUUID().toString();
        sessions.put(id, new Session(callerArn, target, request,
                target.openReceiver(copy.sourceVaultId(), copy.copyRecoveryPointId()), clock.now()));
        return new Opened(Optional.of(id), target.arnOf(request));
    }

    /** Answers one protocol message of a session; only the principal that opened it may use it. */
    public byte[] exchange(String callerArn, String sessionId, byte[] message) throws IOException {
        Session session = sessions.get(sessionId);
        if (session == null || !session.callerArn.equals(callerArn)) {
            throw ServiceException.notFound("Copy session " + sessionId + " does not exist or has ended; open a"
                    + " new one, which receives only what has not arrived yet");
        }
        return session.serve(message);
    }

    /** Ends the sessions of an earlier attempt at the same copy: its sender gave up on them. */
    private void abandon(String copyRecoveryPointId) {
        sessions.values().removeIf(session -> {
            boolean same = session.request.copyRecoveryPointId().equals(copyRecoveryPointId);
            if (same) {
                session.closeQuietly();
            }
            return same;
        });
    }

    private void closeIdle() {
        long now = System.nanoTime();
        sessions.values().removeIf(session -> {
            boolean idle = now - session.lastUsed > IDLE_LIMIT.toNanos();
            if (idle) {
                session.closeQuietly();
            }
            return idle;
        });
    }

    @Override
    public void close() {
        sessions.values().forEach(Session::closeQuietly);
        sessions.clear();
    }

    /** One copy arriving: protocol messages go to the receiver, and the commit records the recovery point. */
    private final class Session implements CopyDestination {
        private final String callerArn;
        private final VaultCopyTarget target;
        private final CopyRequest request;
        private final CopyReceiver receiver;
        private final Instant started;
        private volatile long lastUsed = System.nanoTime();

        Session(String callerArn, VaultCopyTarget target, CopyRequest request, CopyReceiver receiver,
                Instant started) {
            this.callerArn = callerArn;
            this.target = target;
            this.request = request;
            this.receiver = receiver;
            this.started = started;
        }

        synchronized byte[] serve(byte[] message) throws IOException {
            lastUsed = System.nanoTime();
            return CopyWire.serve(this, message);
        }

        @Override
        public Set<ChunkId> missing(List<ChunkId> sourceIds) throws IOException {
            return receiver.missing(sourceIds);
        }

        @Override
        public BatchReceipt receive(List<CopyBlob> blobs) throws IOException {
            return receiver.receive(blobs);
        }

        @Override
        public String commit(CopyManifest manifest) throws IOException {
            String snapshotId = receiver.commit(manifest);
            target.record(request, started, snapshotId);
            sessions.values().remove(this);
            closeQuietly();
            return snapshotId;
        }

        synchronized void closeQuietly() {
            try {
                receiver.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "Closing the receiver of copy job " + request.copyJobId() + " failed", e);
            }
        }
    }
}
