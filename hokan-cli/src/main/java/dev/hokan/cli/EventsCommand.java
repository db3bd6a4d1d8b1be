package dev.hokan.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;

/** {@code hokan events}: the event log of the signer's cell on a running server. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Check the event log of a running Hokan server.",
        subcommands = EventsCommand.Verify.class)
final class EventsCommand {
    @Mixin
    AdminCommand.Connection connection;

    @Command(name = "verify", description = "Check the hash chain of the event log of the signer's account in the"
            + " region: prints each changed, removed or moved event; exits with 3 if there is one.")
    static final class Verify implements Callable<Integer> {
        static final int BROKEN = 3;

        @ParentCommand
        EventsCommand events;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            JsonNode answer = events.connection.client().call("GET", "/hokan/v1/events/verify", null);
            PrintWriter out = spec.commandLine().getOut();
            for (JsonNode b : answer.path("Breaks")) {
                out.println(b.path("Kind").asString() + ": " + b.path("Message").asString());
            }
            out.println(answer.path("EventsChecked").asLong() + " events checked; the last is "
                    + answer.path("LastEventId").asString("none") + " with hash "
                    + answer.path("LastEventHash").asString("none"));
            if (answer.path("Intact").asBoolean()) {
                out.println("The event log is intact.");
                return 0;
            }
            out.println("The event log was tampered with.");
            return BROKEN;
        }
    }
}
