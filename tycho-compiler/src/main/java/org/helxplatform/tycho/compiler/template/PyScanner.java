package org.helxplatform.tycho.compiler.template;

import com.hubspot.jinjava.el.ext.ExtendedScanner;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tokenizes template expressions as Jinja2 does rather than as Java EL does: EL-only keywords ({@code empty},
 * {@code eq}, {@code div}, {@code null}...) are ordinary names, EL-only operators ({@code ? :}, {@code &&},
 * {@code ||}, {@code !x}) are syntax errors, {@code a +1} is an addition, string literals take Python's
 * backslash escapes, and numbers take Python's forms ({@code 1_000}, {@code 0x1f}, {@code 0o17}, {@code 0b101}).
 * A minus sign directly before a number where an operand is expected is part of the number, so that
 * {@code -1|abs} applies the filter to {@code -1} as Jinja2 does (Jinjava would compute {@code -(1|abs)}).
 */
final class PyScanner extends ExtendedScanner {

    private static final Pattern FLOAT = Pattern.compile(
        "\\d(_?\\d)*(\\.\\d(_?\\d)*)?[eE][+-]?\\d(_?\\d)*|\\d(_?\\d)*\\.\\d(_?\\d)*");
    private static final Pattern INTEGER = Pattern.compile(
        "0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[0-9a-fA-F])+|[1-9](_?\\d)*|0(_?0)*");

    /** Tokens after which a minus sign is a binary operator (they end an operand). */
    private static final Set<Symbol> OPERAND_ENDS = Set.of(Symbol.INTEGER, Symbol.FLOAT, Symbol.STRING,
        Symbol.IDENTIFIER, Symbol.TRUE, Symbol.FALSE, Symbol.NULL, Symbol.RPAREN, Symbol.RBRACK);

    /** JUEL keywords that are plain identifiers in Jinja2. */
    private static final Set<String> NOT_KEYWORDS = Set.of(
        "empty", "instanceof", "div", "mod", "eq", "ne", "lt", "gt", "le", "ge", "null");

    /**
     * Creates a scanner for one expression.
     *
     * @param input the expression, wrapped in {@code #{…}}
     */
    PyScanner(String input) {
        super(input);
    }

    @Override
    protected Token keyword(String name) {
        return NOT_KEYWORDS.contains(name) ? null : super.keyword(name);
    }

    @Override
    protected Token nextEval() throws ScanException {
        String input = getInput();
        int position = getPosition();
        char c1 = input.charAt(position);
        char c2 = position + 1 < input.length() ? input.charAt(position + 1) : 0;
        if (c1 == '+') {
            return fixed(Symbol.PLUS);
        }
        if (c1 == '-' && Character.isDigit(c2) && startsOperand()) {
            return number(position + 1, true);
        }
        if (c1 == '?' || (c1 == '&' && c2 == '&') || (c1 == '|' && c2 == '|') || (c1 == '!' && c2 != '=')) {
            String operator = c1 == '?' || c1 == '!' ? String.valueOf(c1) : "" + c1 + c2;
            throw new ScanException(position, "'" + operator + "'",
                "Jinja2 syntax ('x if c else y', 'and', 'or', 'not')");
        }
        return super.nextEval();
    }

    private boolean startsOperand() {
        Token previous = getToken();
        return previous == null || !(OPERAND_ENDS.contains(previous.getSymbol())
            || previous.getSymbol() == Symbol.EXTENSION && "}".equals(previous.getImage()));
    }

    @Override
    protected Token nextNumber() throws ScanException {
        return number(getPosition(), false);
    }

    /** Scans a Python number literal starting at {@code start}; the token's image is its plain decimal form. */
    private Token number(int start, boolean negative) throws ScanException {
        String rest = getInput().substring(start);
        Matcher floating = FLOAT.matcher(rest);
        Matcher integer = INTEGER.matcher(rest);
        int sign = negative ? 1 : 0;
        if (floating.lookingAt()) {
            String digits = floating.group().replace("_", "");
            return token(Symbol.FLOAT, (negative ? "-" : "") + digits, sign + floating.end());
        }
        if (integer.lookingAt() && !followedByNamePart(rest, integer.end())) {
            String literal = integer.group().replace("_", "").toLowerCase(Locale.ROOT);
            int radix = literal.startsWith("0x") ? 16 : literal.startsWith("0o") ? 8 : literal.startsWith("0b") ? 2
                : 10;
            BigInteger value = new BigInteger(radix == 10 ? literal : literal.substring(2), radix);
            return token(Symbol.INTEGER, (negative ? value.negate() : value).toString(), sign + integer.end());
        }
        throw new ScanException(start, "'" + rest.split("[^0-9A-Za-z_.]", 2)[0] + "'", "a number");
    }

    private static boolean followedByNamePart(String text, int index) {
        return index < text.length() && (Character.isLetterOrDigit(text.charAt(index)) || text.charAt(index) == '_');
    }

    @Override
    protected Token nextString() throws ScanException {
        String input = getInput();
        int start = getPosition();
        char quote = input.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < input.length()) {
            char c = input.charAt(i);
            if (c == quote) {
                return token(Symbol.STRING, value.toString(), i + 1 - start);
            }
            if (c == '\\' && i + 1 < input.length()) {
                i = escape(input, i + 1, value);
            } else {
                value.append(c);
                i++;
            }
        }
        throw new ScanException(start, "unterminated string", "a closing " + quote);
    }

    /** Appends the character of the escape sequence at {@code i} (after the backslash); returns the next index. */
    private static int escape(String input, int i, StringBuilder value) {
        char c = input.charAt(i);
        switch (c) {
            case 'n': value.append('\n'); return i + 1;
            case 't': value.append('\t'); return i + 1;
            case 'r': value.append('\r'); return i + 1;
            case 'a': value.append('\u0007'); return i + 1;
            case 'b': value.append('\b'); return i + 1;
            case 'f': value.append('\f'); return i + 1;
            case 'v': value.append('\u000b'); return i + 1;
            case '\\': case '\'': case '"': value.append(c); return i + 1;
            case '\n': return i + 1;
            case 'x': return hex(input, i, 2, value);
            case 'u': return hex(input, i, 4, value);
            case 'U': return hex(input, i, 8, value);
            default:
                if (c >= '0' && c <= '7') {
                    int end = i;
                    while (end < input.length() && end < i + 3 && input.charAt(end) >= '0' && input.charAt(end) <= '7') {
                        end++;
                    }
                    value.appendCodePoint(Integer.parseInt(input.substring(i, end), 8));
                    return end;
                }
                value.append('\\').append(c);
                return i + 1;
        }
    }

    private static int hex(String input, int i, int digits, StringBuilder value) {
        int end = i + 1 + digits;
        if (end <= input.length() && input.substring(i + 1, end).chars().allMatch(d -> Character.digit(d, 16) >= 0)) {
            value.appendCodePoint(Integer.parseInt(input.substring(i + 1, end), 16));
            return end;
        }
        value.append('\\').append(input.charAt(i));
        return i + 1;
    }
}
