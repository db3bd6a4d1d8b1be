package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.audit.ControlScope;
import dev.hokan.catalog.cell.audit.FrameworkControl;
import dev.hokan.engine.ServiceException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** What a framework's name, description and controls must be, as AWS Backup Audit Manager checks them. */
final class FrameworkRules {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][_a-zA-Z0-9]{0,255}");
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_RESOURCE_IDS = 100;

    private FrameworkRules() {
    }

    static String name(String name) {
        if (name == null) {
            throw ServiceException.missingParameter("FrameworkName");
        }
        if (!NAME.matcher(name).matches()) {
            throw ServiceException.invalidParameter("FrameworkName " + name + " is not valid: use 1 to 256 letters,"
                    + " digits and underscores, starting with a letter");
        }
        return name;
    }

    static String description(String description) {
        if (description != null && (description.length() > MAX_DESCRIPTION || description.isBlank())) {
            throw ServiceException.invalidParameter("FrameworkDescription must be 1 to " + MAX_DESCRIPTION
                    + " characters, not all of them white space");
        }
        return description;
    }

    static List<FrameworkControl> controls(List<FrameworkControl> controls) {
        if (controls == null) {
            throw ServiceException.missingParameter("FrameworkControls");
        }
        if (controls.isEmpty()) {
            throw ServiceException.invalidParameter("FrameworkControls must hold at least one control");
        }
        Set<String> names = new HashSet<>();
        for (FrameworkControl control : controls) {
            if (control.controlName() == null) {
                throw ServiceException.missingParameter("ControlName");
            }
            if (!names.add(control.controlName())) {
                throw ServiceException.invalidParameter("FrameworkControls name control " + control.controlName()
                        + " twice; a framework has each control once");
            }
            Controls.checked(control);
            scope(control.controlName(), control.scope());
        }
        return controls;
    }

    private static void scope(String control, ControlScope scope) {
        if (scope == null) {
            return;
        }
        List<String> ids = scope.complianceResourceIds();
        if (ids != null && (ids.isEmpty() || ids.size() > MAX_RESOURCE_IDS)) {
            throw ServiceException.invalidParameter("ComplianceResourceIds of control " + control + " must name 1 to "
                    + MAX_RESOURCE_IDS + " resources");
        }
        if (scope.tags() != null && scope.tags().size() > 1) {
            throw ServiceException.invalidParameter("Tags of the scope of control " + control + " may hold one tag"
                    + " at most, not " + scope.tags().size());
        }
    }
}
