package dev.hokan.engine;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An ARN in the one form AWS writes it: partition {@code aws}, a lowercase service, a region name or nothing, 12
 * digits or nothing for the account, and a resource in its service's shape: {@code TYPE:ID} for AWS Backup
 * ({@code backup-vault:NAME}), {@code TYPE/ID} for Hokan's resources, {@code root} or {@code TYPE/NAME} for IAM,
 * {@code TOPIC} or {@code TOPIC:SUBSCRIPTION_ID} for SNS.
 * Nothing else parses: another spelling of a resource's ARN would escape the policies written for its real one.
 * {@code resource} may itself contain ':' and '/'.
 */
public record Arn(String partition, String service, String region, String account, String resource) {
    private static final String PARTITION = "aws";
    private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]+");
    private static final Pattern BACKUP_RESOURCE = Pattern.compile("[a-z-]+:[^:/]+");
    private static final Pattern HOKAN_RESOURCE = Pattern.compile("[a-z0-9-]+/[^:/]+");
    private static final Pattern IAM_RESOURCE = Pattern.compile("root|[a-z-]+/[^:]+");
    /** A topic, or a subscription to it: {@code NAME} or {@code NAME:ID}. */
    private static final Pattern SNS_RESOURCE = Pattern.compile("[A-Za-z0-9_.-]{1,256}(:[A-Za-z0-9-]{1,64})?");

    public static Optional<Arn> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn")) {
            return Optional.empty();
        }
        Arn arn = new Arn(parts[1], parts[2], parts[3], parts[4], parts[5]);
        return arn.isCanonical() ? Optional.of(arn) : Optional.empty();
    }

    /** The ARN {@code text} names, or InvalidParameterValueException naming the request's {@code member}. */
    public static Arn require(String member, String text) {
        return parse(text).orElseThrow(() -> ServiceException.invalidParameter(member + " " + text + " is not an"
                + " ARN in its canonical form: arn:aws:SERVICE:REGION:ACCOUNT:RESOURCE, as AWS writes it (for example"
                + " arn:aws:backup:us-east-1:123456789012:backup-vault:NAME)"));
    }

    private boolean isCanonical() {
        boolean regionShape = region.isEmpty() || Account.REGION.matcher(region).matches();
        boolean accountShape = account.isEmpty() || Account.ACCOUNT_ID.matcher(account).matches();
        if (!partition.equals(PARTITION) || !SERVICE.matcher(service).matches() || !regionShape || !accountShape
                || resource.isEmpty()) {
            return false;
        }
        return switch (service) {
            case "backup" -> inCell() && BACKUP_RESOURCE.matcher(resource).matches();
            case "hokan" -> inCell() && HOKAN_RESOURCE.matcher(resource).matches();
            case "sns" -> inCell() && SNS_RESOURCE.matcher(resource).matches();
            case "iam" -> region.isEmpty() && !account.isEmpty() && IAM_RESOURCE.matcher(resource).matches();
            default -> true;
        };
    }

    private boolean inCell() {
        return !region.isEmpty() && !account.isEmpty();
    }

    /** The part after {@code type:} or {@code type/} in the resource field, if the resource is of that type. */
    public Optional<String> resourceId(String type) {
        if (resource.startsWith(type + ":") || resource.startsWith(type + "/")) {
            String id = resource.substring(type.length() + 1);
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        }
        return Optional.empty();
    }
}
