package dev.hokan.engine.notification;

import dev.hokan.engine.Account;
import dev.hokan.engine.Arn;
import dev.hokan.engine.ServiceException;
import java.util.regex.Pattern;

/** Topic and subscription ARNs of one cell: {@code arn:aws:sns:REGION:ACCOUNT:TOPIC[:SUBSCRIPTION_ID]}. */
public final class TopicArns {
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");

    private TopicArns() {
    }

    public static String topic(Account account, String topicName) {
        return "arn:aws:sns:" + account.region() + ":" + account.accountId() + ":" + topicName;
    }

    public static String subscription(Account account, String topicName, String subscriptionId) {
        return topic(account, topicName) + ":" + subscriptionId;
    }

    /** A topic name SNS takes for a standard topic; FIFO topics are refused, Hokan has none. */
    static String requireName(String name) {
        if (name != null && name.endsWith(".fifo")) {
            throw ServiceException.invalidParameter("Invalid parameter: Name: FIFO topics are not supported by Hokan");
        }
        if (name == null || !TOPIC_NAME.matcher(name).matches()) {
            throw ServiceException.invalidParameter("Invalid parameter: Topic Name");
        }
        return name;
    }

    /** The name of the topic {@code arn} names in {@code account}'s cell, or InvalidParameter. */
    static String topicName(Account account, String member, String arn) {
        Arn parsed = parse(account, member, arn);
        if (parsed.resource().contains(":")) {
            throw ServiceException.invalidParameter("Invalid parameter: " + member + " is a subscription ARN, not a"
                    + " topic ARN");
        }
        return parsed.resource();
    }

    /** The topic name and subscription ID of the subscription {@code arn} names in {@code account}'s cell. */
    static String[] subscriptionParts(Account account, String arn) {
        String[] parts = parse(account, "SubscriptionArn", arn).resource().split(":");
        if (parts.length != 2) {
            throw ServiceException.invalidParameter("Invalid parameter: SubscriptionArn Reason: An ARN must have"
                    + " a topic name and a subscription ID");
        }
        return parts;
    }

    private static Arn parse(Account account, String member, String arn) {
        if (arn == null || arn.isEmpty()) {
            throw ServiceException.invalidParameter("Invalid parameter: " + member);
        }
        Arn parsed = Arn.parse(arn).filter(a -> a.service().equals("sns")).orElseThrow(() ->
                ServiceException.invalidParameter("Invalid parameter: " + member + " Reason: An ARN must have the"
                        + " form arn:aws:sns:REGION:ACCOUNT:NAME, not " + arn));
        if (!parsed.account().equals(account.accountId()) || !parsed.region().equals(account.region())) {
            throw ServiceException.notFound(member + " " + arn + " is not in account " + account.accountId()
                    + " in " + account.region());
        }
        return parsed;
    }
}
