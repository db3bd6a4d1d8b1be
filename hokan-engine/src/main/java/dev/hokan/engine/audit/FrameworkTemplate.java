package dev.hokan.engine.audit;

import dev.hokan.catalog.cell.audit.FrameworkControl;
import java.util.List;

/** The framework that checks a data tier's targets: its tier's name, RPO and RTO, and the controls to create. */
public record FrameworkTemplate(String templateName, long rpoMinutes, long rtoMinutes,
                                List<FrameworkControl> controls) {
}
