package dev.hokan.api;

/** Handles one API operation; returns the response body, or null for an empty one ({@code {}}). */
@FunctionalInterface
interface Operation {
    JsonOut handle(ApiCall call);
}
