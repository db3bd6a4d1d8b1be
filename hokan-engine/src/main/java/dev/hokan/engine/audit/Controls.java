package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.audit.FrameworkControl;
import dev.hokan.engine.ServiceException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The controls a framework may use, by name. */
final class Controls {
    private static final List<Control<?>> ALL = List.of(new ProtectedByBackupPlan(),
            new PlanMinFrequencyAndMinRetention(), new PointMinimumRetention(), new PointEncrypted(),
            new PointManualDeletionDisabled(), new LastRecoveryPointCreated(), new ProtectedByVaultLock(),
            new ProtectedByCrossRegion(), new ProtectedByCrossAccount(), new RestoreTimeMeetsTarget(),
            new ThreeTwoOneOne());

    private Controls() {
    }

    static Optional<Control<?>> find(String name) {
        return ALL.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static List<String> names() {
        return ALL.stream().map(Control::name).toList();
    }

    /** The control a framework names, with its inputs checked against the control's parameters. */
    static Control<?> checked(FrameworkControl control) {
        Control<?> found = find(control.controlName()).orElseThrow(() -> ServiceException.invalidParameter(
                "ControlName " + control.controlName() + " is not a control; the controls are "
                        + String.join(", ", names())));
        Map<String, String> given = control.inputParameters();
        for (Map.Entry<String, String> input : given.entrySet()) {
            ControlParameter parameter = found.parameters().stream().filter(p -> p.name().equals(input.getKey()))
                    .findFirst().orElseThrow(() -> ServiceException.invalidParameter("ParameterName "
                            + input.getKey() + " is not a parameter of control " + found.name()
                            + (found.parameters().isEmpty() ? ", which takes none" : "; it takes "
                            + String.join(", ", found.parameters().stream().map(ControlParameter::name).toList()))));
            parameter.check(found.name(), input.getValue());
        }
        found.checkTogether(inputs(found, control));
        return found;
    }

    static ControlInputs inputs(Control<?> control, FrameworkControl framed) {
        return new ControlInputs(framed.inputParameters(), control.parameters());
    }
}
