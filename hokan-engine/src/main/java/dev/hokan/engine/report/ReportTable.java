package dev.hokan.engine.report;

import java.util.List;
import java.util.Map;

/** A report's content: its columns in order and one map per row from column to value (null: empty). */
record ReportTable(List<String> columns, List<Map<String, Object>> rows) {
}
