package dev.continuum.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "\"{0}\" after {1} is {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "*/5 * * * *        | 2026-03-01T10:02:30Z | 2026-03-01T10:05:00Z",
                "*/5 * * * *        | 2026-03-01T10:05:00Z | 2026-03-01T10:10:00Z",
                "0 * * * *          | 2026-03-01T10:00:00Z | 2026-03-01T11:00:00Z",
                "30 2 * * *         | 2026-03-01T03:00:00Z | 2026-03-02T02:30:00Z",
                "0 0 1 * *          | 2026-03-15T00:00:00Z | 2026-04-01T00:00:00Z",
                "0 0 * * mon        | 2026-03-01T12:00:00Z | 2026-03-02T00:00:00Z",
                "0 0 * * 0          | 2026-03-02T00:00:00Z | 2026-03-08T00:00:00Z",
                "0 0 * * 7          | 2026-03-02T00:00:00Z | 2026-03-08T00:00:00Z",
                "0 9-17/4 * * *     | 2026-03-01T10:00:00Z | 2026-03-01T13:00:00Z",
                "0 12 1,15 * *      | 2026-03-02T00:00:00Z | 2026-03-15T12:00:00Z",
                "0 0 13 * fri       | 2026-03-01T00:00:00Z | 2026-03-06T00:00:00Z",
                "0 0 29 feb *       | 2026-03-01T00:00:00Z | 2028-02-29T00:00:00Z",
                "0 0 1 jan-mar *    | 2026-04-01T00:00:00Z | 2027-01-01T00:00:00Z",
                "*/10 * * * * *     | 2026-03-01T10:00:05.5Z | 2026-03-01T10:00:10Z",
                "* * * * * *        | 2026-03-01T23:59:59Z | 2026-03-02T00:00:00Z"
            })
    void firesAtTheNextMatchingTimeInUtc(String cron, String after, String expected) {
        assertThat(CronSchedule.parse(cron).next(ZonedDateTime.parse(after)))
                .hasValueSatisfying(next -> assertThat(next.toInstant())
                        .isEqualTo(ZonedDateTime.parse(expected).toInstant()));
    }

    @Test
    void anImpossibleDateNeverFires() {
        assertThat(CronSchedule.parse("0 0 31 feb *").next(ZonedDateTime.parse("2026-01-01T00:00:00Z")))
                .isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(
            delimiter = '|',
            value = {
                "every minute           | has 2 fields",
                "* * * *                | has 4 fields",
                "61 * * * *             | minute \"61\" must be between 0 and 59",
                "* 24 * * *             | hour \"24\" must be between 0 and 23",
                "* * 0 * *              | day of month \"0\" must be between 1 and 31",
                "* * * smarch *         | month \"smarch\" is not a number",
                "* * * * 5-1            | day of week \"5-1\" a range must go upwards",
                "*/0 * * * *            | minute \"0\" must be between 1 and 59"
            })
    void refusesWhatIsNotCronSayingWhichField(String cron, String problem) {
        assertThatThrownBy(() -> CronSchedule.parse(cron))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schedule \"" + cron.strip() + "\"")
                .hasMessageContaining(problem)
                .hasMessageContaining("*/5 * * * *");
    }
}
