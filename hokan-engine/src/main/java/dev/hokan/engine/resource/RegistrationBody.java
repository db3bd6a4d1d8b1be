package dev.hokan.engine.resource;

import java.util.Map;

/**
 * The body of a resource registration (POST /hokan/v1/resources), read member by member: absent members and JSON
 * null read as null; a member of the wrong JSON type is refused with InvalidRequestException naming it.
 */
public interface RegistrationBody {
    String string(String name);

    Long longValue(String name);

    Boolean bool(String name);

    Map<String, String> stringMap(String name);
}
