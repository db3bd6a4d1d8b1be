/** The {@code hokan} command: the server, the operator's admin commands and the local vault commands. */
module dev.hokan.cli {
    requires dev.hokan.api;
    requires info.picocli;
    requires java.logging;

    // picocli reads the commands' annotated fields and methods by reflection
    opens dev.hokan.cli to info.picocli;
}
