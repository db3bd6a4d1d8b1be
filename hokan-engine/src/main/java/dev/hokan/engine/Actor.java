package dev.hokan.engine;

/**
 * Who is acting: the principal of the API call being served, or the service itself for everything the clock,
 * the scheduler and the job workers do. The API binds the caller for the duration of a call.
 */
public final class Actor {
    /** The actor of work Hokan does on its own, like seed 002's service-initiated {@code BackupDeleted}. */
    public static final String SERVICE = "hokan.service";

    private static final ScopedValue<String> CALLER = ScopedValue.newInstance();

    private Actor() {
    }

    public static String current() {
        return CALLER.orElse(SERVICE);
    }

    /** Runs {@code work} on behalf of {@code principalArn}. */
    public static <T, X extends Throwable> T as(String principalArn, ScopedValue.CallableOp<T, X> work) throws X {
        return ScopedValue.where(CALLER, principalArn).call(work);
    }

    /** Runs {@code work} as the service, whoever triggered it. */
    public static void asService(Runnable work) {
        ScopedValue.where(CALLER, SERVICE).run(work);
    }
}
