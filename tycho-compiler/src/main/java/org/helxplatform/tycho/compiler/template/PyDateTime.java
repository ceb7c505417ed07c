package org.helxplatform.tycho.compiler.template;

import java.time.LocalDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/**
 * A naive Python {@code datetime}, as returned by {@code now()}: prints as {@code 2024-01-02 03:04:05} (with
 * {@code .123456} when there are microseconds), has the attributes {@code year month day hour minute second
 * microsecond} and the methods {@code isoformat()} and {@code strftime(format)}.
 */
final class PyDateTime implements TemplateObject {

    private final LocalDateTime time;

    /**
     * Wraps a time, truncated to microseconds as Python's datetime is.
     *
     * @param time the date and time
     */
    PyDateTime(LocalDateTime time) {
        this.time = time.withNano(time.getNano() / 1000 * 1000);
    }

    @Override
    public Object attribute(String name) {
        switch (name) {
            case "year": return (long) time.getYear();
            case "month": return (long) time.getMonthValue();
            case "day": return (long) time.getDayOfMonth();
            case "hour": return (long) time.getHour();
            case "minute": return (long) time.getMinute();
            case "second": return (long) time.getSecond();
            case "microsecond": return (long) microseconds();
            default: return null;
        }
    }

    @Override
    public Object call(String name, Object[] args) {
        if (name.equals("isoformat") && args.length == 0) {
            return isoFormat('T');
        }
        if (name.equals("strftime") && args.length == 1 && PyValues.isString(args[0])) {
            return strftime(args[0].toString());
        }
        throw PyMethods.unsupported("datetime", name);
    }

    private int microseconds() {
        return time.getNano() / 1000;
    }

    private String isoFormat(char separator) {
        String text = String.format("%04d-%02d-%02d%c%02d:%02d:%02d", time.getYear(), time.getMonthValue(),
            time.getDayOfMonth(), separator, time.getHour(), time.getMinute(), time.getSecond());
        return microseconds() == 0 ? text : text + String.format(".%06d", microseconds());
    }

    private String strftime(String format) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%' || i + 1 == format.length()) {
                out.append(c);
                continue;
            }
            char directive = format.charAt(++i);
            out.append(directive(directive));
        }
        return out.toString();
    }

    private String directive(char directive) {
        switch (directive) {
            case 'Y': return String.format("%04d", time.getYear());
            case 'y': return String.format("%02d", time.getYear() % 100);
            case 'm': return String.format("%02d", time.getMonthValue());
            case 'd': return String.format("%02d", time.getDayOfMonth());
            case 'H': return String.format("%02d", time.getHour());
            case 'I': return String.format("%02d", (time.getHour() + 11) % 12 + 1);
            case 'M': return String.format("%02d", time.getMinute());
            case 'S': return String.format("%02d", time.getSecond());
            case 'f': return String.format("%06d", microseconds());
            case 'j': return String.format("%03d", time.getDayOfYear());
            case 'p': return time.getHour() < 12 ? "AM" : "PM";
            case 'a': return time.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'A': return time.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'b': return time.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
            case 'B': return time.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            case 'z':
            case 'Z': return "";
            case '%': return "%";
            default:
                throw PyException.of("strftime", "the directive %" + directive + " is not supported");
        }
    }

    @Override
    public String pyRepr() {
        StringBuilder text = new StringBuilder("datetime.datetime(").append(time.getYear()).append(", ")
            .append(time.getMonthValue()).append(", ").append(time.getDayOfMonth()).append(", ")
            .append(time.getHour()).append(", ").append(time.getMinute());
        if (time.getSecond() != 0 || microseconds() != 0) {
            text.append(", ").append(time.getSecond());
        }
        if (microseconds() != 0) {
            text.append(", ").append(microseconds());
        }
        return text.append(')').toString();
    }

    @Override
    public String pyStr() {
        return isoFormat(' ');
    }
}
