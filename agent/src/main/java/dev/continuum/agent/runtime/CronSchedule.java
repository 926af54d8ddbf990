package dev.continuum.agent.runtime;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code schedule} trigger's cron expression, in UTC: five fields (minute, hour, day of month,
 * month, day of week — {@code "*}{@code /5 * * * *"}) or six with seconds first
 * ({@code "*}{@code /10 * * * * *"}). Each field is {@code *}, a number, a range {@code a-b}, a step
 * {@code *}{@code /n} or {@code a-b/n}, or a list of those joined by commas; months and days of week
 * may be named ({@code jan}, {@code mon}); Sunday is 0 or 7. As in cron, when both day of month and
 * day of week are restricted a day matching either fires. Immutable; {@link #next} is pure.
 */
public final class CronSchedule {
    private static final String[] MONTHS = {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
    };
    private static final String[] DAYS = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    /** Far enough to find any date a valid expression names (29 February on a Monday: 28 years). */
    private static final int SEARCH_YEARS = 30;

    private final String text;
    private final BitSet seconds;
    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(String text, BitSet[] fields, boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.text = text;
        this.seconds = fields[0];
        this.minutes = fields[1];
        this.hours = fields[2];
        this.daysOfMonth = fields[3];
        this.months = fields[4];
        this.daysOfWeek = fields[5];
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException naming the field that is wrong and what a good one looks like
     */
    public static CronSchedule parse(String text) {
        String[] parts = text == null ? new String[0] : text.strip().split("\\s+");
        if (parts.length != 5 && parts.length != 6) {
            throw new IllegalArgumentException("schedule \"" + text + "\" has " + parts.length
                    + " fields; give five (minute hour day-of-month month day-of-week, e.g. \"*/5 * * * *\")"
                    + " or six with seconds first");
        }
        int offset = parts.length == 6 ? 0 : 1;
        String[] six = new String[6];
        six[0] = "0";
        System.arraycopy(parts, 0, six, offset, parts.length);
        String[] names = {"second", "minute", "hour", "day of month", "month", "day of week"};
        int[][] ranges = {{0, 59}, {0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 7}};
        BitSet[] fields = new BitSet[6];
        for (int i = 0; i < 6; i++) {
            String[] named = i == 4 ? MONTHS : i == 5 ? DAYS : null;
            fields[i] = field(text, names[i], six[i], ranges[i][0], ranges[i][1], named, i == 4 ? 1 : 0);
        }
        if (fields[5].get(7)) {
            fields[5].set(0);
        }
        return new CronSchedule(text.strip(), fields, six[3].equals("*"), six[5].equals("*"));
    }

    private static BitSet field(String text, String name, String field, int min, int max, String[] named, int base) {
        var bits = new BitSet(max + 1);
        for (String item : field.toLowerCase(Locale.ROOT).split(",", -1)) {
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(text, name, item.substring(slash + 1), 1, max, null, 0);
            }
            int from;
            int to;
            if (range.equals("*")) {
                from = min;
                to = max;
            } else if (range.indexOf('-') > 0) {
                from = number(text, name, range.substring(0, range.indexOf('-')), min, max, named, base);
                to = number(text, name, range.substring(range.indexOf('-') + 1), min, max, named, base);
                if (to < from) {
                    throw bad(text, name, item, "a range must go upwards");
                }
            } else {
                from = number(text, name, range, min, max, named, base);
                to = slash >= 0 ? max : from;
            }
            for (int v = from; v <= to; v += step) {
                bits.set(v);
            }
        }
        return bits;
    }

    private static int number(String text, String name, String value, int min, int max, String[] named, int base) {
        if (named != null) {
            for (int i = 0; i < named.length; i++) {
                if (named[i].equals(value)) {
                    return i + base;
                }
            }
        }
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw bad(text, name, value, "must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw bad(text, name, value, "is not a number");
        }
    }

    private static IllegalArgumentException bad(String text, String name, String value, String why) {
        return new IllegalArgumentException(
                "schedule \"" + text + "\": " + name + " \"" + value + "\" " + why + " (e.g. \"*/5 * * * *\")");
    }

    /** The first time strictly after {@code after} that the schedule fires, if any in the next decades. */
    public Optional<ZonedDateTime> next(ZonedDateTime after) {
        ZonedDateTime t = after.withZoneSameInstant(ZoneOffset.UTC)
                .truncatedTo(ChronoUnit.SECONDS)
                .plusSeconds(1);
        ZonedDateTime end = t.plusYears(SEARCH_YEARS);
        while (t.isBefore(end)) {
            if (!months.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
            } else if (!dayMatches(t)) {
                t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
            } else if (!hours.get(t.getHour())) {
                t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
            } else if (!minutes.get(t.getMinute())) {
                t = t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
            } else if (!seconds.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime t) {
        boolean dom = daysOfMonth.get(t.getDayOfMonth());
        boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
        if (anyDayOfMonth || anyDayOfWeek) {
            return dom && dow;
        }
        return dom || dow;
    }

    @Override
    public String toString() {
        return text;
    }
}
