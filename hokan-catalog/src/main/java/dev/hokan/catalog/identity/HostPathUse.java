package dev.hokan.catalog.identity;

/** What an account may do with the host paths under a granted prefix: back them up, or restore into them. */
public enum HostPathUse {
    SOURCE,
    RESTORE
}
