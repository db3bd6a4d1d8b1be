package dev.hokan.catalog.identity;

/** A service control policy ({@code p-}) of the organisation: its name and document. */
public record OrgPolicy(String policyId, String name, String document) {
}
