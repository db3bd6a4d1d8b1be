package dev.hokan.engine.hostpath;

import dev.hokan.catalog.identity.HostPathGrant;
import dev.hokan.catalog.identity.HostPathUse;
import dev.hokan.catalog.identity.IdentityCatalog;
import dev.hokan.engine.Actor;
import dev.hokan.engine.DeploymentConfig;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.clock.ServiceClock;
import dev.hokan.engine.event.EventType;
import dev.hokan.engine.iam.Caller;
import dev.hokan.engine.iam.Identities;
import dev.hokan.store.crypto.MasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which host paths each account may back up and restore into. The operator grants accounts path prefixes (kept in
 * the directory) and gives the home account its roots at start. Nobody may touch the deployment's own files (its
 * data directory, with the credentials, and its master key) or the kernel's file systems, nor a directory that
 * contains one of them, whatever was granted. Every check is on the real path, so that a symbolic link cannot lead
 * around it, and is made again when each job starts, so that a link swapped in later cannot either.
 */
public final class HostPaths {
    private static final List<Path> KERNEL_FILE_SYSTEMS = List.of(Path.of("/proc"), Path.of("/sys"), Path.of("/dev"));
    private static final String CONTAINS = "contains";
    private static final String HOW_TO_GRANT = "the operator grants roots with hokan admin grant-host-path";

    /** A path no account may use, and what it is. */
    private record Forbidden(Path path, String what) {
    }

    private final IdentityCatalog directory;
    private final Identities identities;
    private final ServiceClock clock;
    private final String homeAccountId;
    private final HomeHostRoots homeRoots;
    private final List<Forbidden> forbidden;
    private final Function<String, List<Path>> registeredByOthers;
    private final Supplier<Engine> homeCell;

    /**
     * {@code registeredByOthers} gives the directories accounts other than the one named registered as resources,
     * in any region; grants and revocations are events of {@code homeCell}, the operator's.
     */
    public HostPaths(IdentityCatalog directory, Identities identities, DeploymentConfig config,
              Function<String, List<Path>> registeredByOthers, Supplier<Engine> homeCell) throws IOException {
        this.directory = directory;
        this.identities = identities;
        this.clock = config.clock();
        this.homeAccountId = config.home().accountId();
        this.homeRoots = new HomeHostRoots(config.homeHostRoots().confined(),
                realRoots(config.homeHostRoots().sourceRoots()), realRoots(config.homeHostRoots().restoreRoots()));
        List<Forbidden> never = new ArrayList<>();
        never.add(new Forbidden(config.dataDir().toRealPath(), "the deployment's data directory"));
        Path masterKey = config.masterKeyFile().toRealPath();
        never.add(new Forbidden(masterKey, "the deployment's master key"));
        never.add(new Forbidden(realOrNormal(MasterKey.successorFile(masterKey)),
                "the deployment's next master key (a rotation's)"));
        for (Path vaults : config.vaultLocations().onThisHost()) {
            never.add(new Forbidden(realOrNormal(vaults), "the deployment's vault storage"));
        }
        for (Path kernel : KERNEL_FILE_SYSTEMS) {
            never.add(new Forbidden(realOrNormal(kernel), "the kernel's " + kernel + " file system"));
        }
        this.forbidden = List.copyOf(never);
        this.registeredByOthers = registeredByOthers;
        this.homeCell = homeCell;
    }

    /** The home account's roots as the server was started with them, real paths where they exist. */
    public HomeHostRoots homeRoots() {
        return homeRoots;
    }

    /** Lets {@code accountId} use the host paths under {@code path} for {@code uses}; a grant it has stays as it is. */
    public List<HostPathGrant> grant(String accountId, String path, Set<HostPathUse> uses) {
        requireAccount(accountId);
        Path prefix = realOrNormal(absolute("Path", path));
        for (Forbidden f : forbidden) {
            if (prefix.startsWith(f.path())) {
                throw ServiceException.invalidParameter("Path " + shown(path, prefix) + " " + overlap(prefix, f.path())
                        .orElseThrow() + " " + f.what() + ", which no account may back up or restore into");
            }
        }
        String actor = Actor.current();
        List<HostPathGrant> added = directory.write(tx -> {
            List<HostPathGrant> created = new ArrayList<>();
            for (HostPathUse use : uses) {
                if (tx.hostPathGrants().find(accountId, prefix.toString(), use).isEmpty()) {
                    HostPathGrant g = new HostPathGrant(accountId, prefix.toString(), use, actor, clock.now());
                    tx.hostPathGrants().insert(g);
                    created.add(g);
                }
            }
            return created;
        });
        added.forEach(g -> record(EventType.HOST_PATH_GRANTED, g, "Account " + accountId + " may now "
                + verb(g.use()) + " host paths under " + g.path()));
        return grants(accountId);
    }

    /**
     * Takes back what {@link #grant} gave, named by the path as granted or as it resolves now; jobs that start
     * afterwards are refused.
     */
    public void revoke(String accountId, String path, Set<HostPathUse> uses) {
        requireAccount(accountId);
        Path given = absolute("Path", path).normalize();
        Path prefix = realOrNormal(given);
        List<String> names = Stream.of(prefix.toString(), given.toString()).distinct().toList();
        List<HostPathGrant> removed = directory.write(tx -> {
            List<HostPathGrant> gone = new ArrayList<>();
            for (HostPathUse use : uses) {
                for (String name : names) {
                    tx.hostPathGrants().find(accountId, name, use).ifPresent(g -> {
                        tx.hostPathGrants().delete(accountId, g.path(), use);
                        gone.add(g);
                    });
                }
            }
            return gone;
        });
        if (removed.isEmpty()) {
            throw ServiceException.notFound("Account " + accountId + " has no grant of host path "
                    + shown(path, prefix) + " for " + uses.stream().map(Enum::name).sorted()
                    .collect(Collectors.joining(" or ")) + "; hokan admin list-host-paths shows its grants");
        }
        removed.forEach(g -> record(EventType.HOST_PATH_REVOKED, g, "Account " + accountId + " may no longer "
                + verb(g.use()) + " host paths under " + g.path()));
    }

    /** The grants of one account, or of every account when {@code accountId} is null. */
    public List<HostPathGrant> grants(String accountId) {
        return directory.read(tx -> accountId == null ? tx.hostPathGrants().all()
                : tx.hostPathGrants().ofAccount(accountId));
    }

    /** The real path of {@code path} when {@code accountId} may back it up; refused otherwise. */
    public Path source(String accountId, Path path) {
        Path real = resolved("Path", path);
        check(accountId, HostPathUse.SOURCE, "Path", path, real);
        return real;
    }

    /**
     * The real path of a restore's target directory (of its nearest existing ancestor, for the part that does not
     * exist yet) when {@code accountId} may restore into it; refused otherwise, and also when it is, is inside or
     * contains a directory another account registered.
     */
    public Path restoreTarget(String accountId, Path target) {
        Path real = resolved("TargetPath", target);
        check(accountId, HostPathUse.RESTORE, "TargetPath", target, real);
        for (Path other : registeredByOthers.apply(accountId)) {
            overlap(real, realOrNormal(other)).ifPresent(overlap -> {
                throw ServiceException.accessDenied("TargetPath " + target + " " + overlap + " a directory another account registered"
                        + " as a resource; no account may restore into another account's resources");
            });
        }
        return real;
    }

    /**
     * The rules on the real path. Before anything else is looked at, so that an account learns nothing of paths it
     * may not use, not even whether they exist; a refusal for lying outside the roots shows only the path as given.
     */
    private void check(String accountId, HostPathUse use, String member, Path given, Path real) {
        String shown = member + " " + shown(given.toString(), real);
        for (Forbidden f : forbidden) {
            overlap(real, f.path()).ifPresent(overlap -> {
                throw ServiceException.accessDenied(shown + " " + overlap + " " + f.what() + ", which no account may "
                        + verb(use) + (overlap.equals(CONTAINS) ? "; choose a directory that does not contain it" : ""));
            });
        }
        boolean home = accountId.equals(homeAccountId);
        if (home && !homeRoots.confined()) {
            return;
        }
        List<Path> configured = !home ? List.of()
                : use == HostPathUse.SOURCE ? homeRoots.sourceRoots() : homeRoots.restoreRoots();
        List<Path> roots = Stream.concat(configured.stream(), grants(accountId).stream()
                .filter(g -> g.use() == use).map(g -> Path.of(g.path()))).toList();
        if (roots.stream().noneMatch(real::startsWith)) {
            String kind = use == HostPathUse.SOURCE ? "source" : "restore";
            throw ServiceException.accessDenied(member + " " + given + " is not under a " + kind + " root granted to account "
                    + accountId + (roots.isEmpty() ? ", which has none" : " (" + roots.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")) + ")") + "; " + HOW_TO_GRANT
                    + (home ? ", or starts the server with --" + kind + "-roots" : ""));
        }
    }

    private void requireAccount(String accountId) {
        if (accountId == null || accountId.isEmpty()) {
            throw ServiceException.missingParameter("AccountId");
        }
        if (!identities.accountExists(accountId)) {
            throw ServiceException.notFound("Account " + accountId + " does not exist in this deployment");
        }
    }

    private void record(EventType type, HostPathGrant g, String message) {
        homeCell.get().events().record(type, Caller.rootArn(g.accountId()), message,
                Map.of("AccountId", g.accountId(), "Path", g.path(), "Use", g.use().name()));
    }

    /** How {@code path} stands to {@code other}, in words, unless they are apart. */
    private static Optional<String> overlap(Path path, Path other) {
        if (path.equals(other)) {
            return Optional.of("is");
        }
        if (path.startsWith(other)) {
            return Optional.of("is inside");
        }
        return other.startsWith(path) ? Optional.of(CONTAINS) : Optional.empty();
    }

    private static String verb(HostPathUse use) {
        return use == HostPathUse.SOURCE ? "back up" : "restore into";
    }

    private static String shown(String given, Path real) {
        return given.equals(real.toString()) ? given : given + " (real path " + real + ")";
    }

    private static Path absolute(String member, String path) {
        if (path == null || path.isEmpty()) {
            throw ServiceException.missingParameter(member);
        }
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw ServiceException.invalidParameter(member + " " + path + " is not a valid path: " + e.getReason(), e);
        }
        if (!p.isAbsolute()) {
            throw ServiceException.invalidParameter(member + " " + path + " must be absolute");
        }
        return p;
    }

    /**
     * The real path of the nearest ancestor of {@code path} that exists, with the rest of {@code path} below it; a
     * dangling symbolic link on the way is an ancestor that exists and cannot be resolved.
     */
    private static Path resolved(String member, Path path) {
        Path normal = path.normalize();
        Path existing = normal;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(normal));
        } catch (IOException e) {
            throw ServiceException.invalidParameter(member + " " + path + " cannot be resolved: " + e.getMessage(), e);
        }
    }

    private static List<Path> realRoots(List<Path> roots) {
        return roots.stream().map(HostPaths::realOrNormal).toList();
    }

    /** The real path where it exists, so that prefixes compare with the real paths checked against them. */
    private static Path realOrNormal(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
