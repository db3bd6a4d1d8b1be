/** The AWS Backup REST-JSON wire format, SigV4, the /hokan/v1 operations and the authorisation of every call. */
module dev.hokan.api {
    requires transitive dev.hokan.engine;
    requires java.logging;
    requires java.net.http;
    requires org.eclipse.jetty.server;
    requires transitive tools.jackson.databind;

    exports dev.hokan.api;
}
