package dev.hokan.catalog;

/** The catalog database failed; the change that was being made has been rolled back. */
public final class CatalogException extends RuntimeException {
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
