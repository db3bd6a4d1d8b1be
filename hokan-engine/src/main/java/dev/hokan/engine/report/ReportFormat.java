package dev.hokan.engine.report;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** How a report's rows are written: CSV (a header of the column names, then one line per row) or JSON. */
public enum ReportFormat {
    CSV("csv") {
        @Override
        byte[] write(ReportTable table) {
            StringBuilder out = new StringBuilder();
            line(out, table.columns());
            for (Map<String, Object> row : table.rows()) {
                line(out, table.columns().stream().map(c -> row.get(c) == null ? "" : String.valueOf(row.get(c)))
                        .toList());
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        }
    },
    /** AWS's shape: {@code {"reportItems": [{column: value, ...}, ...]}}, numbers and booleans as JSON's own. */
    JSON("json") {
        @Override
        byte[] write(ReportTable table) {
            return MAPPER.writeValueAsBytes(Map.of("reportItems", table.rows()));
        }
    };

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final String extension;

    ReportFormat(String extension) {
        this.extension = extension;
    }

    public String extension() {
        return extension;
    }

    abstract byte[] write(ReportTable table);

    /** One CSV record (RFC 4180): a field with a comma, quote or line break is quoted, its quotes doubled. */
    private static void line(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (i > 0) {
                out.append(',');
            }
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                out.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                out.append(f);
            }
        }
        out.append("\r\n");
    }
}
