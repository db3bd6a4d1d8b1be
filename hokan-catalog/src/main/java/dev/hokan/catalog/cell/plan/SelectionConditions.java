package dev.hokan.catalog.cell.plan;

import java.util.List;

public record SelectionConditions(List<ConditionParameter> stringEquals, List<ConditionParameter> stringNotEquals,
                                  List<ConditionParameter> stringLike, List<ConditionParameter> stringNotLike) {
}
