package dev.hokan.engine.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {
    @ParameterizedTest
    @ValueSource(strings = {"cron(0 5 ? * * *)", "cron(0 21 * * ? *)", "cron(0 3 ? * SUN *)", "cron(0 5/12 ? * * *)",
        "cron(15 10 ? * 6L 2026-2030)", "cron(0 0 L * ? *)", "cron(0 0 LW * ? *)", "cron(0 0 15W * ? *)",
        "cron(0 0 ? * MON-FRI *)", "cron(0 0 ? JAN,JUL 2#1 *)", "cron(59 23 31 12 ? 2199)", "rate(1 hour)",
        "rate(2 hours)", "rate(60 minutes)", "rate(7 days)", "rate(1 day)"})
    void accepts(String expression) {
        assertThat(ScheduleExpression.problem(expression)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "cron(60 5 ? * * *)        | minutes value 60",
        "cron(0 24 ? * * *)        | hours value 24",
        "cron(0 5 32 * ? *)        | day-of-month value 32",
        "cron(0 5 ? 13 * *)        | month value 13",
        "cron(0 5 ? * 8 *)         | day-of-week value 8",
        "cron(0 5 ? * * 1969)      | year value 1969",
        "cron(0 5 * * * *)         | exactly one of day-of-month and day-of-week",
        "cron(0 5 ? * ? *)         | exactly one of day-of-month and day-of-week",
        "cron(0,30 5 ? * * *)      | at most once an hour",
        "cron(*/10 * ? * * *)      | at most once an hour",
        "cron(0 5 ? * *)           | 6 fields",
        "cron(0 5-3 ? * * *)       | goes backwards",
        "cron(x 5 ? * * *)         | not a valid minutes value",
        "rate(59 minutes)          | at least 60 minutes",
        "rate(0 hours)             | positive",
        "rate(2 hour)              | singular",
        "rate(1 weeks)             | expected cron",
        "daily                     | expected cron",
    })
    void refuses(String expression, String problem) {
        assertThat(ScheduleExpression.problem(expression)).contains(problem);
    }
}
