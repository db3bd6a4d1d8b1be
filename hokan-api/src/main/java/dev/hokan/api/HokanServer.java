package dev.hokan.api;

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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
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
    private final Credentials credentials;
    private final FirstStart firstStart;

    private HokanServer(Deployment deployment, Server jetty, ServerConnector connector, Credentials credentials,
                        FirstStart firstStart) {
        this.deployment = deployment;
        this.jetty = jetty;
        this.connector = connector;
        this.credentials = credentials;
        this.firstStart = firstStart;
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
                EngineConfig.DEFAULT_MAX_ACTIVE_LEGAL_HOLDS, config.catalogLocation(), config.nodeId()), new KeyPair(credentials.accessKeyId(),
                credentials.secretAccessKey()), (region, vaultArn) -> new RemoteCopyTarget(
                new HokanClient(region.endpoint(), region.credentials(), region.region()), vaultArn));
        try {
            Map<String, Operation> deploymentOperations = new HashMap<>();
            new ClockOperations(deployment).register(deploymentOperations);
            new NodeOperations(deployment).register(deploymentOperations);
            new GlobalSettingsOperations(deployment).register(deploymentOperations);
            new AdminOperations(deployment).register(deploymentOperations);
            new HostPathOperations(deployment).register(deploymentOperations);
            new CopySessionOperations(deployment).register(deploymentOperations);
            Map<Engine, Map<String, Operation>> cellOperations = new ConcurrentHashMap<>();
            ApiHandler.Operations operations = (name, caller, region) -> {
                Operation deploymentWide = deploymentOperations.get(name);
                return deploymentWide != null ? deploymentWide : cellOperations
                        .computeIfAbsent(cell(deployment, caller, region), HokanServer::operationsOf).get(name);
            };
            SigV4Verifier verifier = new SigV4Verifier(deployment.identities()::caller, deployment::serves);
            List<Route> extensionRoutes = Stream.of(ExtensionOperations.ROUTES, ClockOperations.ROUTES, NodeOperations.ROUTES,
                    AdminOperations.ROUTES, HostPathOperations.ROUTES, CopySessionOperations.ROUTES).flatMap(List::stream).toList();
            ApiHandler handler = new ApiHandler(verifier, RouteTable.load(extensionRoutes), operations,
                    new ApiAccess(deployment));

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
            jetty.setHandler(handler);
            jetty.setErrorHandler(new JsonErrorHandler());
            jetty.start();
            return new HokanServer(deployment, jetty, connector, credentials, firstStart);
        } catch (Exception e) {
            deployment.close();
            throw e;
        }
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
        new CopyJobOperations(engine).register(operations);
        new ProtectedResourceOperations(engine).register(operations);
        new TagOperations(engine).register(operations);
        new SettingsOperations(engine).register(operations);
        new ExtensionOperations(engine).register(operations);
        return Map.copyOf(operations);
    }

    public int port() {
        return connector.getLocalPort();
    }

    public URI endpoint() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    public Credentials rootCredentials() {
        return credentials;
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
            jetty.stop();
        } catch (Exception e) {
            throw new IOException("Stopping the HTTP server failed", e);
        } finally {
            deployment.close();
        }
    }
}
