package dev.hokan.engine.report;

import dev.hokan.catalog.cell.report.ReportDeliveryChannel;
import dev.hokan.catalog.cell.report.ReportSetting;
import dev.hokan.engine.Arn;
import dev.hokan.engine.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** What a report plan may say, checked as AWS checks it, with the defaults filled in. */
final class ReportRules {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z][_a-zA-Z0-9]{0,255}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]+");
    private static final Pattern UNIT = Pattern.compile("ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}");
    private static final int MAX_DESCRIPTION = 1024;
    private static final int MAX_PREFIX = 512;
    /** AWS's word for every account of the organisation, and for every region. */
    static final String ALL_ACCOUNTS = "ROOT";
    static final String ALL_REGIONS = "*";

    private ReportRules() {
    }

    static String name(String name) {
        if (name == null) {
            throw ServiceException.missingParameter("ReportPlanName");
        }
        if (!NAME.matcher(name).matches()) {
            throw ServiceException.invalidParameter("ReportPlanName " + name + " must be 1 to 256 letters, digits and"
                    + " underscores, starting with a letter");
        }
        return name;
    }

    static String description(String description) {
        if (description != null && (description.length() > MAX_DESCRIPTION || description.isBlank())) {
            throw ServiceException.invalidParameter("ReportPlanDescription must be 1 to " + MAX_DESCRIPTION
                    + " characters, not all blank");
        }
        return description;
    }

    static ReportDeliveryChannel channel(ReportDeliveryChannel channel) {
        if (channel == null) {
            throw ServiceException.missingParameter("ReportDeliveryChannel");
        }
        String bucket = channel.s3BucketName();
        if (bucket == null) {
            throw ServiceException.missingParameter("ReportDeliveryChannel.S3BucketName");
        }
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw ServiceException.invalidParameter("S3BucketName " + bucket + " is not a bucket name: 3 to 63"
                    + " lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit");
        }
        String prefix = prefix(channel.s3KeyPrefix());
        List<String> formats = channel.formats() == null || channel.formats().isEmpty()
                ? List.of(ReportFormat.CSV.name()) : List.copyOf(new LinkedHashSet<>(channel.formats()));
        for (String format : formats) {
            format(format);
        }
        return new ReportDeliveryChannel(bucket, prefix, formats);
    }

    static ReportFormat format(String format) {
        try {
            return ReportFormat.valueOf(format);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ServiceException.invalidParameter("Formats must be CSV or JSON, got " + format);
        }
    }

    /** A key prefix of slash-separated segments, none empty, "." or "..": null when none is given. */
    private static String prefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return null;
        }
        boolean badSegment = false;
        for (String segment : prefix.split("/", -1)) {
            badSegment |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
        }
        if (prefix.length() > MAX_PREFIX || badSegment || prefix.chars().anyMatch(c -> c < 0x20 || c == '\\')) {
            throw ServiceException.invalidParameter("S3KeyPrefix " + prefix + " must be at most " + MAX_PREFIX
                    + " characters of '/'-separated segments, none empty, '.' or '..', without control characters or"
                    + " backslashes");
        }
        return prefix;
    }

    static ReportSetting setting(ReportSetting setting) {
        if (setting == null) {
            throw ServiceException.missingParameter("ReportSetting");
        }
        if (setting.reportTemplate() == null) {
            throw ServiceException.missingParameter("ReportSetting.ReportTemplate");
        }
        List<String> frameworks = template(setting.reportTemplate()).coversFrameworks() ? frameworks(setting)
                : noFrameworks(setting);
        return new ReportSetting(setting.reportTemplate(), frameworks, frameworks.isEmpty() ? null : frameworks.size(),
                checked("Accounts", setting.accounts(), ACCOUNT, ALL_ACCOUNTS),
                checked("OrganizationUnits", setting.organizationUnits(), UNIT, null),
                checked("Regions", setting.regions(), REGION, ALL_REGIONS));
    }

    /**
     * A compliance report's frameworks: at least one framework ARN, each once; {@code NumberOfFrameworks}, when
     * given, must count them.
     */
    private static List<String> frameworks(ReportSetting setting) {
        if (setting.frameworkArns() == null || setting.frameworkArns().isEmpty()) {
            throw ServiceException.missingParameter("ReportSetting.FrameworkArns: " + setting.reportTemplate()
                    + " reports on the frameworks it names");
        }
        List<String> arns = List.copyOf(new LinkedHashSet<>(setting.frameworkArns()));
        for (String arn : arns) {
            Arn parsed = Arn.require("FrameworkArns", arn);
            if (!parsed.service().equals("backup") || parsed.resourceId("framework").isEmpty()) {
                throw ServiceException.invalidParameter("FrameworkArns: " + arn + " is not a framework's ARN"
                        + " (arn:aws:backup:REGION:ACCOUNT:framework:NAME-ID)");
            }
        }
        if (setting.numberOfFrameworks() != null && setting.numberOfFrameworks() != arns.size()) {
            throw ServiceException.invalidParameter("NumberOfFrameworks is " + setting.numberOfFrameworks()
                    + ", but FrameworkArns name " + arns.size());
        }
        return arns;
    }

    private static List<String> noFrameworks(ReportSetting setting) {
        if (setting.frameworkArns() != null && !setting.frameworkArns().isEmpty()) {
            throw ServiceException.invalidParameter("FrameworkArns apply to the compliance report templates only, not"
                    + " to " + setting.reportTemplate());
        }
        if (setting.numberOfFrameworks() != null) {
            throw ServiceException.invalidParameter("NumberOfFrameworks applies to the compliance report templates"
                    + " only, not to " + setting.reportTemplate());
        }
        return List.of();
    }

    static ReportTemplate template(String template) {
        try {
            return ReportTemplate.valueOf(template);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalidParameter("ReportTemplate " + template + " is not supported; Hokan supports "
                    + String.join(", ", names()));
        }
    }

    private static List<String> names() {
        List<String> names = new ArrayList<>();
        for (ReportTemplate t : ReportTemplate.values()) {
            names.add(t.name());
        }
        return names;
    }

    private static List<String> checked(String member, List<String> values, Pattern pattern, String all) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || !(pattern.matcher(value).matches() || value.equals(all))) {
                throw ServiceException.invalidParameter(member + " has an invalid value: " + value);
            }
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }
}
