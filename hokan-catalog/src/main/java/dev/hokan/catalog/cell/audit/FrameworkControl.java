package dev.hokan.catalog.cell.audit;

import java.util.Map;

/** One control of a framework: its name, its input parameters by name (values are strings) and its scope. */
public record FrameworkControl(String controlName, Map<String, String> inputParameters, ControlScope scope) {
}
