package dev.hokan.api;

import dev.hokan.catalog.Page;
import dev.hokan.catalog.PageRequest;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Deployment;
import dev.hokan.engine.Engine;
import dev.hokan.engine.ServiceException;
import dev.hokan.engine.notification.MessageAttribute;
import dev.hokan.engine.notification.TopicArns;
import dev.hokan.engine.notification.TopicService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The SNS actions Hokan serves. A call on a topic or subscription goes to the cell of the topic's account in the
 * request's region and is authorised as {@code sns:ACTION} on the topic's ARN, with the topic's access policy as
 * the resource policy (so another account may publish when the policy lets it); CreateTopic is authorised on the
 * ARN it would create, the lists on "*".
 */
final class SnsOperations {
    /** One action: authorises the call, then answers the members of its result, or null when it has none. */
    @FunctionalInterface
    interface Action {
        SnsXml run(ApiCall call);
    }

    private final Deployment deployment;
    private final ApiAccess access;
    private final Map<String, Action> actions = new LinkedHashMap<>();

    SnsOperations(Deployment deployment, ApiAccess access) {
        this.deployment = deployment;
        this.access = access;
        actions.put("CreateTopic", this::createTopic);
        actions.put("DeleteTopic", call -> {
            onTopic(call).deleteTopic(required(call, "TopicArn"));
            return null;
        });
        actions.put("ListTopics", this::listTopics);
        actions.put("GetTopicAttributes", call -> new SnsXml().map("Attributes",
                onTopic(call).topicAttributes(required(call, "TopicArn"))));
        actions.put("SetTopicAttributes", call -> {
            onTopic(call).setTopicAttribute(required(call, "TopicArn"), required(call, "AttributeName"),
                    call.query().string("AttributeValue"));
            return null;
        });
        actions.put("Subscribe", this::subscribe);
        actions.put("ConfirmSubscription", call -> {
            if ("true".equalsIgnoreCase(call.query().string("AuthenticateOnUnsubscribe"))) {
                throw ServiceException.invalidParameter("Invalid parameter: AuthenticateOnUnsubscribe: Hokan's"
                        + " unsubscribe links need no signature, as SNS's do by default");
            }
            return new SnsXml().element("SubscriptionArn",
                    onTopic(call).confirmSubscription(required(call, "TopicArn"), required(call, "Token")));
        });
        actions.put("Unsubscribe", call -> {
            onSubscription(call).unsubscribe(required(call, "SubscriptionArn"));
            return null;
        });
        actions.put("ListSubscriptions", call -> {
            String account = call.caller().accountId();
            access.checkSns(call, "*", account, Optional.empty());
            return subscriptions(cell(call, account).topics().listSubscriptions(null, page(call)));
        });
        actions.put("ListSubscriptionsByTopic", call -> {
            TopicService topics = onTopic(call);
            return subscriptions(topics.listSubscriptions(required(call, "TopicArn"), page(call)));
        });
        actions.put("GetSubscriptionAttributes", call -> new SnsXml().map("Attributes",
                onSubscription(call).subscriptionAttributes(required(call, "SubscriptionArn"))));
        actions.put("SetSubscriptionAttributes", call -> {
            onSubscription(call).setSubscriptionAttribute(required(call, "SubscriptionArn"),
                    required(call, "AttributeName"), call.query().string("AttributeValue"));
            return null;
        });
        actions.put("Publish", this::publish);
    }

    Action find(String action) {
        return actions.get(action);
    }

    private SnsXml createTopic(ApiCall call) {
        String name = required(call, "Name");
        for (String unsupported : new String[]{"Tags.member.1.Key", "DataProtectionPolicy"}) {
            if (call.query().string(unsupported) != null) {
                throw ServiceException.invalidParameter("Invalid parameter: " + unsupported.split("\\.")[0]
                        + ": Hokan keeps no tags or data protection policies on topics");
            }
        }
        String account = call.caller().accountId();
        Engine cell = cell(call, account);
        access.checkSns(call, TopicArns.topic(cell.account(), name), account, Optional.empty());
        return new SnsXml().element("TopicArn", cell.topics().createTopic(name, entries(call, "Attributes")));
    }

    private SnsXml listTopics(ApiCall call) {
        String account = call.caller().accountId();
        access.checkSns(call, "*", account, Optional.empty());
        Page<String> topics = cell(call, account).topics().listTopics(page(call));
        SnsXml out = new SnsXml().open("Topics");
        topics.items().forEach(arn -> out.open("member").element("TopicArn", arn).close("member"));
        return out.close("Topics").element("NextToken", topics.next() == null ? null : topics.next().toToken());
    }

    private SnsXml subscribe(ApiCall call) {
        TopicService topics = onTopic(call);
        return new SnsXml().element("SubscriptionArn", topics.subscribe(required(call, "TopicArn"),
                required(call, "Protocol"), call.query().string("Endpoint"), entries(call, "Attributes"),
                Boolean.parseBoolean(call.query().string("ReturnSubscriptionArn")), call.caller().accountId()));
    }

    private SnsXml publish(ApiCall call) {
        for (String unsupported : new String[]{"TargetArn", "PhoneNumber", "MessageStructure", "MessageGroupId",
                "MessageDeduplicationId"}) {
            if (call.query().string(unsupported) != null) {
                throw ServiceException.invalidParameter("Invalid parameter: " + unsupported + ": Hokan publishes"
                        + " to standard topics by TopicArn, with one message for every protocol");
            }
        }
        TopicService topics = onTopic(call);
        Map<String, MessageAttribute> attributes = new LinkedHashMap<>();
        for (int i = 1; call.query().string("MessageAttributes.entry." + i + ".Name") != null; i++) {
            String prefix = "MessageAttributes.entry." + i + ".";
            String name = call.query().string(prefix + "Name");
            attributes.put(name, MessageAttribute.of(name, call.query().string(prefix + "Value.DataType"),
                    call.query().string(prefix + "Value.StringValue"),
                    call.query().string(prefix + "Value.BinaryValue")));
        }
        return new SnsXml().element("MessageId", topics.publish(required(call, "TopicArn"),
                call.query().string("Subject"), call.query().string("Message"), attributes));
    }

    private static SnsXml subscriptions(Page<TopicService.SubscriptionView> page) {
        SnsXml out = new SnsXml().open("Subscriptions");
        page.items().forEach(s -> out.open("member").element("SubscriptionArn", s.subscriptionArn())
                .element("Owner", s.owner()).element("Protocol", s.protocol()).element("Endpoint", s.endpoint())
                .element("TopicArn", s.topicArn()).close("member"));
        return out.close("Subscriptions").element("NextToken", page.next() == null ? null : page.next().toToken());
    }

    /** The topics of the cell the call's TopicArn is in, once the caller may act on that topic. */
    private TopicService onTopic(ApiCall call) {
        return authorisedOn(call, required(call, "TopicArn"));
    }

    /** The topics of the cell the call's SubscriptionArn is in, once the caller may act on its topic. */
    private TopicService onSubscription(ApiCall call) {
        String subscriptionArn = required(call, "SubscriptionArn");
        String account = Arn.require("SubscriptionArn", subscriptionArn).account();
        return authorisedOn(call, cell(call, account).topics().topicArnOf(subscriptionArn));
    }

    private TopicService authorisedOn(ApiCall call, String topicArn) {
        Arn arn = Arn.require("TopicArn", topicArn);
        if (!arn.service().equals("sns")) {
            throw ServiceException.invalidParameter("Invalid parameter: TopicArn");
        }
        TopicService topics = cell(call, arn.account()).topics();
        access.checkSns(call, topicArn, arn.account(), topics.topicPolicy(topicArn));
        return topics;
    }

    private Engine cell(ApiCall call, String account) {
        try {
            return deployment.cell(account, call.region());
        } catch (ServiceException e) {
            throw ServiceException.notFound("Topic does not exist");
        }
    }

    /** SNS pages by NextToken alone, 100 items at a time. */
    private static PageRequest page(ApiCall call) {
        return call.query().page("MaxResults", "NextToken");
    }

    private static String required(ApiCall call, String member) {
        String value = call.query().string(member);
        if (value == null) {
            throw ServiceException.invalidParameter("Invalid parameter: " + member);
        }
        return value;
    }

    /** A map given as {@code MEMBER.entry.N.key} and {@code MEMBER.entry.N.value}. */
    private static Map<String, String> entries(ApiCall call, String member) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (int i = 1; call.query().string(member + ".entry." + i + ".key") != null; i++) {
            entries.put(call.query().string(member + ".entry." + i + ".key"),
                    call.query().string(member + ".entry." + i + ".value"));
        }
        return entries;
    }
}
