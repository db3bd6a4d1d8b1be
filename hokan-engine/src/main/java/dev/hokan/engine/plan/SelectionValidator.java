package dev.hokan.engine.plan;

import dev.hokan.catalog.cell.plan.ConditionParameter;
import dev.hokan.catalog.cell.plan.SelectionConditions;
import dev.hokan.catalog.cell.plan.SelectionDocument;
import dev.hokan.catalog.cell.plan.TagCondition;
import dev.hokan.engine.Arn;
import dev.hokan.engine.Names;
import dev.hokan.engine.ServiceException;
import java.util.List;

/** Checks a backup selection: names, role, ARN patterns, tag conditions and their limits. */
final class SelectionValidator {
    static final int MAX_PLAIN_ARNS = 500;
    static final int MAX_WILDCARD_ARNS = 30;
    static final int MAX_CONDITIONS = 30;
    private static final String RESOURCE_TAG = "aws:ResourceTag/";

    private SelectionValidator() {
    }

    static SelectionDocument validate(SelectionDocument s) {
        if (s.selectionName() == null) {
            throw ServiceException.missingParameter("BackupSelection.SelectionName");
        }
        Names.selection(s.selectionName());
        if (s.iamRoleArn() == null) {
            throw ServiceException.missingParameter("BackupSelection.IamRoleArn");
        }
        Names.iamRole("IamRoleArn", s.iamRoleArn());
        List<String> resources = arns("Resources", s.resources());
        List<String> notResources = arns("NotResources", s.notResources());
        List<TagCondition> tags = s.listOfTags() == null ? List.of() : s.listOfTags();
        if (tags.size() > MAX_CONDITIONS) {
            throw ServiceException.invalidParameter("ListOfTags has at most " + MAX_CONDITIONS + " entries");
        }
        for (TagCondition t : tags) {
            if (!"STRINGEQUALS".equals(t.conditionType())) {
                throw ServiceException.invalidParameter("ListOfTags ConditionType must be STRINGEQUALS, got "
                        + t.conditionType());
            }
            if (t.conditionKey() == null || t.conditionKey().isEmpty() || t.conditionValue() == null) {
                throw ServiceException.invalidParameter("Each ListOfTags entry needs a ConditionKey and a ConditionValue");
            }
        }
        SelectionConditions c = s.conditions();
        if (c != null) {
            conditions("StringEquals", c.stringEquals());
            conditions("StringNotEquals", c.stringNotEquals());
            conditions("StringLike", c.stringLike());
            conditions("StringNotLike", c.stringNotLike());
        }
        return new SelectionDocument(s.selectionName(), s.iamRoleArn(), resources, notResources, tags, c);
    }

    private static List<String> arns(String member, List<String> arns) {
        if (arns == null) {
            return List.of();
        }
        long wildcards = arns.stream().filter(a -> a.contains("*")).count();
        if (wildcards > MAX_WILDCARD_ARNS || arns.size() - wildcards > MAX_PLAIN_ARNS) {
            throw ServiceException.invalidParameter(member + " allows at most " + MAX_PLAIN_ARNS + " ARNs and "
                    + MAX_WILDCARD_ARNS + " ARN patterns with wildcards");
        }
        for (String arn : arns) {
            boolean pattern = arn.contains("*") || arn.contains("?");
            boolean valid = pattern ? arn.equals("*") || (arn.startsWith("arn:") && arn.split(":", 6).length == 6)
                    : Arn.parse(arn).isPresent();
            if (!valid) {
                throw ServiceException.invalidParameter(member + " entry " + arn
                        + " is neither \"*\" nor an ARN (arn:aws:service:region:account:resource, in canonical form"
                        + " or as a pattern with * and ?)");
            }
        }
        return arns;
    }

    private static void conditions(String member, List<ConditionParameter> params) {
        if (params == null) {
            return;
        }
        if (params.size() > MAX_CONDITIONS) {
            throw ServiceException.invalidParameter("Conditions." + member + " has at most " + MAX_CONDITIONS
                    + " entries");
        }
        for (ConditionParameter p : params) {
            if (p.conditionKey() == null || !p.conditionKey().startsWith(RESOURCE_TAG)
                    || p.conditionKey().length() == RESOURCE_TAG.length()) {
                throw ServiceException.invalidParameter("Conditions." + member + " ConditionKey " + p.conditionKey()
                        + " must have the form aws:ResourceTag/<tag key>");
            }
            if (p.conditionValue() == null) {
                throw ServiceException.invalidParameter("Conditions." + member + " entry " + p.conditionKey()
                        + " needs a ConditionValue");
            }
        }
    }
}
