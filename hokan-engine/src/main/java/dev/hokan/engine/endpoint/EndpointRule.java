package dev.hokan.engine.endpoint;

import dev.hokan.catalog.identity.EndpointGrant;
import dev.hokan.engine.ServiceException;
import java.net.InetAddress;

/** Where the server may connect: the addresses of {@code network}, on {@code port} or on any port ({@link EndpointGrant#ANY_PORT}). */
public record EndpointRule(Network network, int port) {
    public EndpointRule {
        if (port < EndpointGrant.ANY_PORT || port > 65535) {
            throw ServiceException.invalidParameter("Port " + port + " is not between 1 and 65535");
        }
    }

    /**
     * A rule as the operator writes it for {@code --allowed-endpoints}: {@code NETWORK} or {@code NETWORK:PORT}, an
     * IPv6 network in brackets when it has a port ({@code [fd00::/8]:5432}).
     */
    public static EndpointRule parse(String text) {
        String network = text;
        String port = null;
        if (text.startsWith("[") && text.contains("]")) {
            int close = text.indexOf(']');
            network = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw ServiceException.invalidParameter("Endpoint " + text + " is not NETWORK or NETWORK:PORT");
                }
                port = rest.substring(1);
            }
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            network = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        if (port != null && (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) == EndpointGrant.ANY_PORT)) {
            throw ServiceException.invalidParameter("Endpoint " + text + " has a port that is not between 1 and"
                    + " 65535");
        }
        return new EndpointRule(Network.parse("Endpoint", network),
                port == null ? EndpointGrant.ANY_PORT : Integer.parseInt(port));
    }

    boolean admits(InetAddress address, int port) {
        return (this.port == EndpointGrant.ANY_PORT || this.port == port) && network.contains(address);
    }

    @Override
    public String toString() {
        String net = network.name().indexOf(':') >= 0 && port != EndpointGrant.ANY_PORT ? "[" + network.name() + "]"
                : network.name();
        return port == EndpointGrant.ANY_PORT ? net + " (any port)" : net + ":" + port;
    }
}
