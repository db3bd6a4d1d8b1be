package dev.hokan.api;

import java.util.Map;

record RouteMatch(String operation, Map<String, String> labels) {
}
