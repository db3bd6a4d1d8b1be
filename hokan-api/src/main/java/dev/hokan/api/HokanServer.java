package dev.hokan.api;

import dev.hokan.catalog.CatalogLocation;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.Engine;
import dev.hokan.engine.EngineConfig;
import dev.hokan.engine.clock.ClockMode;
import dev.hokan.engine.clock.ManualServiceClock;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.clock.SystemServiceClock;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.KeyPair;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The Hokan server: a deployment of accounts and regions behind the AWS Backup API and the /hokan/v1 extension
 * API. A request goes to the cell of the signer's account in the region of its credential scope.
 */
public final class HokanServer implements AutoCloseable {
    private final Deployment deployment;
    private final Server jetty;
    private final ServerConnector connector;
    private final Optional<Server> metrics;
    private final Credentials credentials;
    private final FirstStart firstStart;
    private final Optional<String> rootConsolePassword;

    private HokanServer(Deployment deployment, Server jetty, ServerConnector connector, Optional<Server> metrics,
                        Credentials credentials, FirstStart firstStart, Optional<String> rootConsolePassword) {
        this.deployment = deployment;
        this.jetty = jetty;
        this.connector = connector;
        this.metrics = metrics;
        this.credentials = credentials;
        this.firstStart = firstStart;
        this.rootConsolePassword = rootConsolePassword;
    }

    public static HokanServer start(ServerConfig config) throws Exception {
        FirstStart firstStart = FirstStart.note(config.dataDir(), config.masterKeyFile(), config.env());
        Credentials credentials = RootCredentials.load(config.dataDir(), config.env());
        ServiceClock clock = config.clockMode() == ClockMode.MANUAL
                ? new ManualServiceClock(Instant.now().truncatedTo(ChronoUnit.SECONDS))
                : new SystemServiceClock();
        Deployment deployment = Deployment.start(new DeploymentConfig(config.dataDir(), config.vaultLocations(), config.masterKeyFile(),
                config.account(), config.homeHostRoots(), config.regions(), config.remoteRegions(), clock, config.workers(),
                config.expiryWindow(),
                EngineConfig.DEFAULT_MAX_ACTIVE_LEGAL_HOLDS, config.catalogLocation(), config.nodeId(), config.jobLease(),
                config.catalogBackup(), config.smtpRelay(), config.reportS3()), new KeyPair(credentials.accessKeyId(),
                credentials.secretAccessKey()), new RemoteSiteVaults());
        try {
            Optional<String> rootConsolePassword = firstStart.credentialsGenerated()
                    ? Optional.of(RootConsolePassword.ensure(config.dataDir(), deployment.identities(),
                    config.account().accountId())) : Optional.empty();
            Map<String, Operation> deploymentOperations = new HashMap<>();
            new ClockOperations(deployment).register(deploymentOperations);
            new NodeOperations(deployment).register(deploymentOperations);
            new GlobalSettingsOperations(deployment).register(deploymentOperations);
            new AdminOperations(deployment).register(deploymentOperations);
            new HostPathOperations(deployment).register(deploymentOperations);
            new CopySessionOperations(deployment).register(deploymentOperations);
            new DeliveryOperations(deployment).register(deploymentOperations);
            new RestoreAccessOperations(deployment).register(deploymentOperations);
            Map<Engine, Map<String, Operation>> cellOperations = new ConcurrentHashMap<>();
            ApiHandler.Operations operations = (name, caller, region) -> {
                // a request sees the manual clock where any node of the cluster moved it before the request came
                deployment.followClock();
                Operation deploymentWide = deploymentOperations.get(name);
                return deploymentWide != null ? deploymentWide : cellOperations
                        .computeIfAbsent(cell(deployment, caller, region), HokanServer::operationsOf).get(name);
            };
            SigV4Verifier verifier = new SigV4Verifier(deployment.identities()::caller, deployment::serves,
                    SigV4Verifier.SERVICE);
            List<Route> extensionRoutes = Stream.of(ExtensionOperations.ROUTES, ClockOperations.ROUTES, NodeOperations.ROUTES,
                    AdminOperations.ROUTES, HostPathOperations.ROUTES, CopySessionOperations.ROUTES,
                    DeliveryOperations.ROUTES, FrameworkOperations.ROUTES, PermissionOperations.ROUTES,
                    VaultOperations.ROUTES)
                    .flatMap(List::stream).toList();
            ApiAccess access = new ApiAccess(deployment);
            new PermissionOperations(access).register(deploymentOperations);
            ConsoleSessions sessions = new ConsoleSessions(deployment.identities(), config.console().idleTimeout(),
                    config.account().region(), InstantSource.system());
            ApiHandler handler = new ApiHandler(verifier, sessions, RouteTable.load(extensionRoutes), operations,
                    access, deployment.identities(), config.catalogLocation() instanceof CatalogLocation.Embedded);
            SnsHandler sns = new SnsHandler(deployment, new SigV4Verifier(deployment.identities()::caller,
                    deployment::serves, SigV4Verifier.SNS_SERVICE), access);
            KmsHandler kms = new KmsHandler(deployment, new SigV4Verifier(deployment.identities()::caller,
                    deployment::serves, SigV4Verifier.KMS_SERVICE), access);

            Server jetty = new Server();
            HttpConfiguration http = new HttpConfiguration();
            // ARNs travel as path segments with %2F and %3A inside; they are decoded per segment after routing.
            http.setUriCompliance(UriCompliance.DEFAULT.with("hokan",
                    UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR,
                    UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING,
                    UriCompliance.Violation.SUSPICIOUS_PATH_CHARACTERS));
            http.setSendServerVersion(false);
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            connector.setHost(config.bind());
            connector.setPort(config.port());
            jetty.addConnector(connector);
            jetty.setHandler(new Handler.Sequence(new ConsoleHandler(sessions, deployment.identities(),
                    config.console().assets()), sns, kms, handler));
            jetty.setErrorHandler(new JsonErrorHandler());
            jetty.start();
            Optional<Server> metrics;
            try {
                metrics = config.metricsPort().isPresent()
                        ? Optional.of(metricsServer(deployment, config.bind(), config.metricsPort().getAsInt()))
                        : Optional.empty();
            } catch (Exception e) {
                jetty.stop();
                throw e;
            }
            HokanServer server = new HokanServer(deployment, jetty, connector, metrics, credentials, firstStart,
                    rootConsolePassword);
            deployment.notifications().serveAt(config.advertisedUrl().orElse(server.endpoint()));
            return server;
        } catch (Exception e) {
            deployment.close();
            throw e;
        }
    }

    /** The metrics port: a server of its own, so that nothing of the API is reachable through it. */
    private static Server metricsServer(Deployment deployment, String bind, int port) throws Exception {
        Server server = new Server();
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(bind);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new MetricsHandler(deployment));
        server.start();
        return server;
    }

    private static Engine cell(Deployment deployment, Caller caller, String region) {
        return deployment.cell(caller.accountId(), region);
    }

    private static Map<String, Operation> operationsOf(Engine engine) {
        Map<String, Operation> operations = new HashMap<>();
        new VaultOperations(engine).register(operations);
        new VaultLockOperations(engine).register(operations);
        new LegalHoldOperations(engine).register(operations);
        new PlanOperations(engine).register(operations);
        new SelectionOperations(engine).register(operations);
        new BackupJobOperations(engine).register(operations);
        new RecoveryPointOperations(engine).register(operations);
        new RestoreJobOperations(engine).register(operations);
        new RestoreTestingOperations(engine).register(operations);
        new FrameworkOperations(engine).register(operations);
        new ReportPlanOperations(engine).register(operations);
        new CopyJobOperations(engine).register(operations);
        new ProtectedResourceOperations(engine).register(operations);
        new TagOperations(engine).register(operations);
        new NotificationOperations(engine).register(operations);
        new SettingsOperations(engine).register(operations);
        new ExtensionOperations(engine).register(operations);
        return Map.copyOf(operations);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI endpoint() {
        return endpointOf(connector);
    }

    private static URI endpointOf(ServerConnector connector) {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + connector.getLocalPort());
    }

    /** Where Prometheus scrapes this server, when it serves metrics. */
    public Optional<URI> metricsEndpoint() {
        return metrics.map(server -> endpointOf((ServerConnector) server.getConnectors()[0]).resolve(MetricsHandler.PATH));
    }

    public Credentials rootCredentials() {
        return credentials;
    }

    /** The root user's console password, when this start generated the root credentials and has not told them. */
    public Optional<String> rootConsolePassword() {
        return rootConsolePassword;
    }

    /** What this deployment created and has not told the operator yet. */
    public FirstStart firstStart() {
        return firstStart;
    }

    public Deployment deployment() {
        return deployment;
    }

    /** The home cell: the home account in the home region. */
    public Engine engine() {
        return deployment.home();
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() throws IOException {
        try {
            if (metrics.isPresent()) {
                metrics.get().stop();
            }
            jetty.stop();
        } catch (Exception e) {
            throw new IOException("Stopping the HTTP server failed", e);
        } finally {
            deployment.close();
        }
    }
}
