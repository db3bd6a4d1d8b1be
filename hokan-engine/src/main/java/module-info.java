/**
 * The engine: cells (an account in a region) with their services, jobs and workers, and the deployment that holds
 * them. Its root wires a cell together ({@code Engine}, {@code Deployment}, configurations, errors); each capability
 * has its package. Everything here is the API layer's to call, so every package is exported.
 */
module dev.hokan.engine {
    requires transitive dev.hokan.catalog;
    requires transitive dev.hokan.store;
    requires java.logging;
    requires java.sql;
    requires org.postgresql.jdbc;
    requires transitive dev.hokan.storage.s3;
    requires java.net.http;
    requires transitive tools.jackson.databind;

    exports dev.hokan.engine;
    exports dev.hokan.engine.audit;
    exports dev.hokan.engine.clock;
    exports dev.hokan.engine.continuous;
    exports dev.hokan.engine.copy;
    exports dev.hokan.engine.endpoint;
    exports dev.hokan.engine.event;
    exports dev.hokan.engine.hostpath;
    exports dev.hokan.engine.iam;
    exports dev.hokan.engine.job;
    exports dev.hokan.engine.kms;
    exports dev.hokan.engine.lifecycle;
    exports dev.hokan.engine.metrics;
    exports dev.hokan.engine.notification;
    exports dev.hokan.engine.plan;
    exports dev.hokan.engine.protection;
    exports dev.hokan.engine.report;
    exports dev.hokan.engine.resource;
    exports dev.hokan.engine.restoretest;
    exports dev.hokan.engine.schedule;
    exports dev.hokan.engine.vault;

    opens dev.hokan.engine.resource.postgresql to tools.jackson.databind;
    opens dev.hokan.engine.vault to tools.jackson.databind;
}
