package org.helxplatform.tycho.model;

import java.math.BigDecimal;

/** Numeric values of Kubernetes resource quantities. */
final class Quantities {

    private Quantities() {
    }

    /**
     * A quantity in thousandths: {@code 0.5} and {@code 500m} are 500, {@code 2} is 2000.
     *
     * @param quantity the quantity, or {@code null}
     * @return thousandths, 0 for {@code null} or empty
     * @throws InvalidValueException when it is not a quantity
     */
    public static double toMillis(String quantity) {
        return value(quantity).movePointRight(3).doubleValue();
    }

    /**
     * A quantity of bytes in gigabytes (10^9 bytes): {@code 2000M} is 2.0, {@code 1Gi} is 1.073741824.
     *
     * @param quantity the quantity, or {@code null}
     * @return gigabytes, 0 for {@code null} or empty
     * @throws InvalidValueException when it is not a quantity
     */
    public static double toGigabytes(String quantity) {
        return value(quantity).movePointLeft(9).doubleValue();
    }

    /**
     * The exact value of a quantity.
     *
     * @param quantity the quantity, or {@code null}
     * @return its value, 0 for {@code null} or empty
     * @throws InvalidValueException when it is not a quantity
     */
    public static BigDecimal value(String quantity) {
        if (quantity == null || quantity.isEmpty()) {
            return BigDecimal.ZERO;
        }
        Names.requireQuantity("quantity", quantity);
        String number = quantity;
        BigDecimal factor = BigDecimal.ONE;
        if (quantity.endsWith("i")) {
            number = quantity.substring(0, quantity.length() - 2);
            int power = "KMGTPE".indexOf(quantity.charAt(quantity.length() - 2)) + 1;
            factor = BigDecimal.valueOf(1024).pow(power);
        } else if (!quantity.matches(".*[eE][+-]?\\d+") && Character.isLetter(quantity.charAt(quantity.length() - 1))) {
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
        return new BigDecimal(number).multiply(factor);
    }
}
