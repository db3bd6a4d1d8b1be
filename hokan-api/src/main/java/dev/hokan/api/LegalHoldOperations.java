package dev.hokan.api;

import dev.hokan.catalog.cell.protection.LegalHold;
import dev.hokan.catalog.cell.protection.LegalHoldSelection;
import dev.hokan.catalog.cell.vault.RecoveryPoint;
import dev.hokan.engine.Engine;
import dev.hokan.engine.protection.CreateLegalHoldRequest;
import java.util.Map;

/** CreateLegalHold, GetLegalHold, ListLegalHolds, CancelLegalHold, ListRecoveryPointsByLegalHold. */
final class LegalHoldOperations {
    private final Engine engine;

    LegalHoldOperations(Engine engine) {
        this.engine = engine;
    }

    void register(Map<String, Operation> ops) {
        ops.put("CreateLegalHold", this::create);
        ops.put("GetLegalHold", call -> {
            LegalHold h = engine.legalHolds().get(call.label("legalHoldId"));
            return summary(h)
                    .put("CancelDescription", h.cancelDescription())
                    .put("RetainRecordUntil", h.retainRecordUntil())
                    .put("RecoveryPointSelection", render(h.selection()));
        });
        ops.put("ListLegalHolds", call -> Paging.render(engine.legalHolds().list(call.query().page()), "LegalHolds",
                this::summary));
        ops.put("CancelLegalHold", call -> {
            Integer retainDays = call.query().integer("retainRecordInDays", Integer.MIN_VALUE, Integer.MAX_VALUE);
            engine.legalHolds().cancel(call.label("legalHoldId"), call.query().string("cancelDescription"),
                    retainDays == null ? null : retainDays.longValue());
            return null;
        });
        ops.put("ListRecoveryPointsByLegalHold", call -> {
            var page = call.query().page();
            return Paging.render(engine.legalHolds().recoveryPoints(call.label("legalHoldId"), page),
                    "RecoveryPoints", this::member);
        });
    }

    private JsonOut create(ApiCall call) {
        Input in = call.body();
        LegalHold h = engine.legalHolds().create(new CreateLegalHoldRequest(in.string("Title"),
                in.string("Description"), in.string("IdempotencyToken"),
                selection(in.object("RecoveryPointSelection")), in.stringMap("Tags")));
        return summary(h).put("RecoveryPointSelection", render(h.selection()));
    }

    private static LegalHoldSelection selection(Input in) {
        if (in == null) {
            return null;
        }
        Input range = in.object("DateRange");
        return new LegalHoldSelection(in.stringList("VaultNames"), in.stringList("ResourceIdentifiers"),
                range == null ? null : range.requiredTimestamp("FromDate"),
                range == null ? null : range.requiredTimestamp("ToDate"));
    }

    /** The LegalHold shape of ListLegalHolds, which GetLegalHold extends. */
    private JsonOut summary(LegalHold h) {
        return JsonOut.object()
                .put("Title", h.title())
                .put("Status", h.status().name())
                .put("Description", h.description())
                .put("LegalHoldId", h.legalHoldId())
                .put("LegalHoldArn", engine.account().legalHoldArn(h.legalHoldId()))
                .put("CreationDate", h.creationDate())
                .put("CancellationDate", h.cancellationDate());
    }

    /** The RecoveryPointSelection shape; null when the hold was created without criteria. */
    private static JsonOut render(LegalHoldSelection s) {
        if (s.vaultNames().isEmpty() && s.resourceIdentifiers().isEmpty() && s.fromDate() == null) {
            return null;
        }
        return JsonOut.object()
                .putStringList("VaultNames", s.vaultNames().isEmpty() ? null : s.vaultNames())
                .putStringList("ResourceIdentifiers",
                        s.resourceIdentifiers().isEmpty() ? null : s.resourceIdentifiers())
                .put("DateRange", s.fromDate() == null ? null : JsonOut.object()
                        .put("FromDate", s.fromDate())
                        .put("ToDate", s.toDate()));
    }

    private JsonOut member(RecoveryPoint p) {
        return JsonOut.object()
                .put("RecoveryPointArn", engine.account().recoveryPointArn(p.recoveryPointId()))
                .put("ResourceArn", p.resourceArn())
                .put("ResourceType", p.resourceType().wireName())
                .put("BackupVaultName", p.vaultName());
    }
}
