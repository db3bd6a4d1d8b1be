package dev.hokan.engine.endpoint;

import dev.hokan.catalog.identity.EndpointGrant;
import dev.hokan.catalog.identity.EndpointKind;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.engine.Actor;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which network endpoints the server may connect to on each account's behalf: the PostgreSQL servers and S3 services
 * of its resources, the HTTP(S) endpoints of its SNS subscriptions. The operator grants accounts networks (kept in
 * the directory) and gives the home account its endpoints at start; an account has no other. A connection is checked
 * on the addresses its host resolves to, before it is made, so that a name cannot lead to an address not granted.
 */
public final class Endpoints {
    private static final String HOW_TO_GRANT = "the operator grants endpoints with hokan admin grant-endpoint";

    private final IdentityCatalog directory;
    private final Identities identities;
    private final ServiceClock clock;
    private final String homeAccountId;
    private final HomeEndpoints homeEndpoints;
    private final Supplier<Engine> homeCell;

    /** Grants and revocations are events of {@code homeCell}, the operator's. */
    public Endpoints(IdentityCatalog directory, Identities identities, DeploymentConfig config,
                     Supplier<Engine> homeCell) {
        this.directory = directory;
        this.identities = identities;
        this.clock = config.clock();
        this.homeAccountId = config.home().accountId();
        this.homeEndpoints = config.homeEndpoints();
        this.homeCell = homeCell;
    }

    /** The home account's endpoints as the server was started with them. */
    public HomeEndpoints homeEndpoints() {
        return homeEndpoints;
    }

    /**
     * Lets the server connect to the addresses of {@code network} on {@code port} (any port when null) for
     * {@code kind}, on behalf of {@code accountId}; a grant it has stays as it is.
     */
    public List<EndpointGrant> grant(String accountId, String network, Long port, EndpointKind kind) {
        identities.requireGivenAccount(accountId);
        EndpointGrant g = new EndpointGrant(accountId, Network.parse("Network", network).name(), port(port),
                kind, Actor.current(), clock.now());
        boolean added = directory.write(tx -> {
            if (tx.endpointGrants().find(accountId, g.network(), g.port(), g.kind()).isPresent()) {
                return false;
            }
            tx.endpointGrants().insert(g);
            return true;
        });
        if (added) {
            record(EventType.ENDPOINT_GRANTED, g, "Account " + accountId + " may now have the server connect to "
                    + rule(g) + " for " + g.kind());
        }
        return grants(accountId);
    }

    /** Takes back what {@link #grant} gave; connections checked afterwards are refused. */
    public void revoke(String accountId, String network, Long port, EndpointKind kind) {
        identities.requireGivenAccount(accountId);
        Network net = Network.parse("Network", network);
        int p = port(port);
        Optional<EndpointGrant> removed = directory.write(tx -> {
            Optional<EndpointGrant> found = tx.endpointGrants().find(accountId, net.name(), p, kind);
            found.ifPresent(g -> tx.endpointGrants().delete(accountId, net.name(), p, kind));
            return found;
        });
        EndpointGrant g = removed.orElseThrow(() -> ServiceException.notFound("Account " + accountId + " has no"
                + " grant of endpoint " + new EndpointRule(net, p) + " for " + kind
                + "; hokan admin list-endpoints shows its grants"));
        record(EventType.ENDPOINT_REVOKED, g, "Account " + accountId + " may no longer have the server connect to "
                + rule(g) + " for " + g.kind());
    }

    /** The grants of one account, or of every account when {@code accountId} is null. */
    public List<EndpointGrant> grants(String accountId) {
        return directory.read(tx -> accountId == null ? tx.endpointGrants().all()
                : tx.endpointGrants().ofAccount(accountId));
    }

    /**
     * The addresses of {@code host} the server may connect to on {@code port} for {@code kind} on behalf of
     * {@code accountId}, which the caller connects to; empty for the home account when it is not confined, which
     * connects by name. Refused, before any connection is made, unless every address the host resolves to is
     * granted; the refusal names only the host as given, so that an account learns nothing of endpoints it may not
     * reach, not even whether they exist.
     */
    public List<InetAddress> check(String accountId, EndpointKind kind, String host, int port) {
        boolean home = accountId.equals(homeAccountId);
        if (home && !homeEndpoints.confined()) {
            return List.of();
        }
        List<EndpointRule> rules = Stream.concat(home ? homeEndpoints.allowed().stream() : Stream.empty(),
                grants(accountId).stream().filter(g -> g.kind().covers(kind)).map(Endpoints::rule)).toList();
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<InetAddress> addresses = rules.isEmpty() ? List.of() : Network.resolve(name);
        if (addresses.isEmpty() || !addresses.stream().allMatch(a -> rules.stream().anyMatch(r -> r.admits(a, port)))) {
            throw ServiceException.accessDenied("Endpoint " + (name.indexOf(':') >= 0 ? "[" + name + "]" : name) + ":"
                    + port + " is not granted to account " + accountId + " for " + kind + (rules.isEmpty()
                    ? ", which has none" : " (" + rules.stream().map(EndpointRule::toString)
                    .collect(Collectors.joining(", ")) + ")") + "; " + HOW_TO_GRANT
                    + (home ? ", or starts the server with --allowed-endpoints" : ""));
        }
        return addresses;
    }

    /** {@link #check} of the host and port of an http or https URL. */
    public List<InetAddress> check(String accountId, EndpointKind kind, URI url) {
        return check(accountId, kind, url.getHost(), url.getPort() >= 0 ? url.getPort()
                : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80);
    }

    private static EndpointRule rule(EndpointGrant g) {
        return new EndpointRule(Network.parse("Network", g.network()), g.port());
    }

    private static int port(Long port) {
        if (port == null) {
            return EndpointGrant.ANY_PORT;
        }
        if (port < 1 || port > 65535) {
            throw ServiceException.invalidParameter("Port " + port + " is not between 1 and 65535; give no Port for"
                    + " any port");
        }
        return Math.toIntExact(port);
    }

    private void record(EventType type, EndpointGrant g, String message) {
        homeCell.get().events().record(type, Caller.rootArn(g.accountId()), message, Map.of("AccountId",
                g.accountId(), "Network", g.network(), "Port", Integer.toString(g.port()), "Kind", g.kind().name()));
    }
}
