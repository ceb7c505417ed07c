package org.helxplatform.tycho.model;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 0.5}, {@code 500m}, {@code 2G}, {@code 1Gi}) with its exact value, so that
 * quantities can be compared and added: {@code 2000M} equals {@code 2G}, and {@code 500m} is half of {@code 1}.
 *
 * <p>The text is kept as written ({@link #toString()}); equality and order are by value. Values are limited to the
 * range the API server stores (at most 2<sup>63</sup>-1 in base units: cores, bytes, GPUs), so an absurd
 * quantity ({@code 1e999}) is an error here rather than an overflow later. Immutable and thread-safe.
 */
public final class Quantity implements Comparable<Quantity> {

    /** A decimal exponent at the end ({@code 1e3}): not a suffix. */
    private static final Pattern EXPONENT = Pattern.compile(".*[eE][+-]?\\d+");
    /** An exponent of four digits or more, beyond what any quantity needs. */
    private static final Pattern HUGE_EXPONENT = Pattern.compile(".*[eE][+-]?\\d{4,}");

    /** Zero. */
    public static final Quantity ZERO = new Quantity("0", BigDecimal.ZERO);

    private static final BigDecimal MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final int MAX_TEXT = 64;

    private final String text;
    private final BigDecimal value;

    private Quantity(String text, BigDecimal value) {
        this.text = text;
        this.value = value;
    }

    /**
     * Parses a quantity.
     *
     * @param field the field holding it, for the message ({@code resources.cpus}, {@code setting TYCHO_APP_MAX_CPUS})
     * @param text  the quantity
     * @return the quantity
     * @throws InvalidValueException when it is not a quantity, or out of range
     */
    public static Quantity parse(String field, String text) {
        if (text == null || text.length() > MAX_TEXT || !Names.isQuantity(text)) {
            throw new InvalidValueException(field, text, "is not a Kubernetes resource quantity such as 0.5, 250m,"
                    + " 512Mi or 2G");
        }
        BigDecimal value;
        try {
            value = valueOf(text);
        } catch (NumberFormatException | ArithmeticException e) {
            value = null;
        }
        if (value == null || value.abs().compareTo(MAX) > 0) {
            throw new InvalidValueException(field, text, "is out of range: a quantity is at most " + MAX
                    + " in base units (cores, bytes, GPUs)");
        }
        return new Quantity(text, value);
    }

    /**
     * Parses a quantity.
     *
     * @param text the quantity
     * @return the quantity
     * @throws InvalidValueException when it is not a quantity, or out of range
     */
    public static Quantity parse(String text) {
        return parse("quantity", text);
    }

    /**
     * A quantity of an exact value, written in plain decimal notation.
     *
     * @param value the value in base units
     * @return the quantity
     * @throws InvalidValueException when it is out of range
     */
    public static Quantity of(BigDecimal value) {
        Objects.requireNonNull(value, "value");
        BigDecimal plain = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        return parse("quantity", plain.scale() < 0 ? plain.setScale(0).toPlainString() : plain.toPlainString());
    }

    /** @return the exact value in base units (cores, bytes, GPUs) */
    public BigDecimal value() {
        return value;
    }

    /** @return whether it is below zero */
    public boolean isNegative() {
        return value.signum() < 0;
    }

    /** @return whether it is zero */
    public boolean isZero() {
        return value.signum() == 0;
    }

    /**
     * The sum.
     *
     * @param other the quantity to add
     * @return this plus {@code other}
     * @throws InvalidValueException when the sum is out of range
     */
    public Quantity plus(Quantity other) {
        return of(value.add(other.value));
    }

    /**
     * A multiple.
     *
     * @param factor how many times
     * @return this times {@code factor}
     * @throws InvalidValueException when the product is out of range
     */
    public Quantity times(long factor) {
        return of(value.multiply(BigDecimal.valueOf(factor)));
    }

    /**
     * Compares by value.
     *
     * @param other the quantity to compare with
     * @return negative, zero or positive as this is less than, equal to or greater than {@code other}
     */
    @Override
    public int compareTo(Quantity other) {
        return value.compareTo(other.value);
    }

    /**
     * Equal by value: {@code 2G} equals {@code 2000M}.
     *
     * @param other the object to compare with
     * @return whether it is a quantity of the same value
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Quantity quantity && value.compareTo(quantity.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.signum() == 0 ? 0 : value.stripTrailingZeros().hashCode();
    }

    /** @return the quantity as written */
    @Override
    public String toString() {
        return text;
    }

    /** The value of a text that matches the quantity syntax. */
    private static BigDecimal valueOf(String quantity) {
        String number = quantity;
        BigDecimal factor = BigDecimal.ONE;
        if (quantity.endsWith("i")) {
            number = quantity.substring(0, quantity.length() - 2);
            int power = "KMGTPE".indexOf(quantity.charAt(quantity.length() - 2)) + 1;
            factor = BigDecimal.valueOf(1024).pow(power);
        } else if (!EXPONENT.matcher(quantity).matches()
                && Character.isLetter(quantity.charAt(quantity.length() - 1))) {
            char suffix = quantity.charAt(quantity.length() - 1);
            number = quantity.substring(0, quantity.length() - 1);
            int exponent = switch (suffix) {
                case 'n' -> -9;
                case 'u' -> -6;
                case 'm' -> -3;
                case 'k' -> 3;
                case 'M' -> 6;
                case 'G' -> 9;
                case 'T' -> 12;
                case 'P' -> 15;
                default -> 18;
            };
            factor = BigDecimal.ONE.scaleByPowerOfTen(exponent);
        }
        if (HUGE_EXPONENT.matcher(number).matches()) {
            throw new ArithmeticException("exponent out of range");
        }
        return new BigDecimal(number).multiply(factor);
    }
}
