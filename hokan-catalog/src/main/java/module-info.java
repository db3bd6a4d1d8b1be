/**
 * The catalogs, in SQLite or PostgreSQL: the cell catalog (one per account and region; {@code cell} and its packages by
 * capability) and the identity catalog (the deployment's accounts and identities; {@code identity}), each with
 * its own transaction type. The SQL machinery both share ({@code sql}) stays inside.
 */
module dev.hokan.catalog {
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;
    requires tools.jackson.databind;

    exports dev.hokan.catalog;
    exports dev.hokan.catalog.cell;
    exports dev.hokan.catalog.cell.audit;
    exports dev.hokan.catalog.cell.event;
    exports dev.hokan.catalog.cell.job;
    exports dev.hokan.catalog.cell.kms;
    exports dev.hokan.catalog.cell.notification;
    exports dev.hokan.catalog.cell.plan;
    exports dev.hokan.catalog.cell.protection;
    exports dev.hokan.catalog.cell.report;
    exports dev.hokan.catalog.cell.resource;
    exports dev.hokan.catalog.cell.restoretest;
    exports dev.hokan.catalog.cell.vault;
    exports dev.hokan.catalog.identity;

    // the documents stored as JSON are records Jackson reads and writes by reflection
    opens dev.hokan.catalog.cell.audit to tools.jackson.databind;
    opens dev.hokan.catalog.cell.kms to tools.jackson.databind;
    opens dev.hokan.catalog.cell.plan to tools.jackson.databind;
    opens dev.hokan.catalog.cell.protection to tools.jackson.databind;
    opens dev.hokan.catalog.cell.report to tools.jackson.databind;
    opens dev.hokan.catalog.cell.restoretest to tools.jackson.databind;
}
