package org.helxplatform.tycho.backend.docker.internal;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.helxplatform.tycho.model.Names;

/**
 * Kubernetes quantities as Docker's numbers, and back: CPUs as nano CPUs and CPU shares, memory as bytes.
 *
 * <p>Status reports a limit as the system gave it ({@code 0.5}, {@code 2000M}) while the engine still enforces that
 * value, else (after a modify) in canonical form: whole CPUs ({@code 2}) or millicores ({@code 1500m}), and memory
 * with the suffix that writes it with the fewest digits ({@code 3G}, {@code 512Mi}; decimal on a tie).
 */
final class DockerQuantities {

    private static final BigDecimal BILLION = BigDecimal.valueOf(1_000_000_000L);
    private static final String[] DECIMAL = {"k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY = {"Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private DockerQuantities() {
    }

    /**
     * The exact value of a Kubernetes quantity: a number with an optional decimal ({@code k M G T P E}), binary
     * ({@code Ki Mi Gi Ti Pi Ei}) or fractional ({@code n u m}) suffix, or an exponent ({@code 1e3}).
     *
     * @param quantity the quantity, or {@code null}
     * @return its value, 0 for {@code null} or empty
     * @throws org.helxplatform.tycho.model.InvalidValueException when it is not a quantity
     */
    static BigDecimal value(String quantity) {
        if (quantity == null || quantity.isEmpty()) {
            return BigDecimal.ZERO;
        }
        Names.requireQuantity("quantity", quantity);
        if (quantity.endsWith("i")) {
            int power = "KMGTPE".indexOf(quantity.charAt(quantity.length() - 2)) + 1;
            return new BigDecimal(quantity.substring(0, quantity.length() - 2))
                    .multiply(BigDecimal.valueOf(1024).pow(power));
        }
        char last = quantity.charAt(quantity.length() - 1);
        if (!Character.isLetter(last) || quantity.matches(".*[eE][+-]?\\d+")) {
            return new BigDecimal(quantity);
        }
        int exponent = switch (last) {
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
        return new BigDecimal(quantity.substring(0, quantity.length() - 1)).scaleByPowerOfTen(exponent);
    }

    /**
     * @param cpus a CPU quantity such as {@code 0.5} or {@code 250m}, or {@code null}
     * @return nano CPUs, or {@code null} for none ({@code null} or zero)
     */
    static Long nanoCpus(String cpus) {
        BigDecimal value = value(cpus);
        return value.signum() <= 0 ? null : value.multiply(BILLION).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * The relative CPU weight of a CPU request, as Kubernetes gives it: 1024 per CPU, at least 2.
     *
     * @param cpus the requested CPUs, or {@code null}
     * @return the shares, or {@code null} for none
     */
    static Integer cpuShares(String cpus) {
        BigDecimal value = value(cpus);
        if (value.signum() <= 0) {
            return null;
        }
        return Math.max(2, value.multiply(BigDecimal.valueOf(1024)).setScale(0, RoundingMode.HALF_UP).intValueExact());
    }

    /**
     * @param memory a memory quantity such as {@code 512Mi} or {@code 2G}, or {@code null}
     * @return bytes, or {@code null} for none ({@code null} or zero)
     */
    static Long bytes(String memory) {
        BigDecimal value = value(memory);
        return value.signum() <= 0 ? null : value.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * @param gpus a whole number of GPUs, or {@code null}
     * @return the number, 0 for none
     */
    static int gpus(String gpus) {
        return gpus == null || gpus.isEmpty() ? 0 : Integer.parseInt(gpus);
    }

    /**
     * The CPU limit to report.
     *
     * @param asGiven  the quantity the system gave, or {@code null}
     * @param nanoCpus what the engine enforces
     * @return {@code asGiven} while it is what the engine enforces, else the canonical form
     */
    static String cpuText(String asGiven, long nanoCpus) {
        if (asGiven != null && Long.valueOf(nanoCpus).equals(nanoCpus(asGiven))) {
            return asGiven;
        }
        if (nanoCpus % 1_000_000_000L == 0) {
            return String.valueOf(nanoCpus / 1_000_000_000L);
        }
        if (nanoCpus % 1_000_000L == 0) {
            return nanoCpus / 1_000_000L + "m";
        }
        return nanoCpus + "n";
    }

    /**
     * The memory limit to report.
     *
     * @param asGiven the quantity the system gave, or {@code null}
     * @param bytes   what the engine enforces
     * @return {@code asGiven} while it is what the engine enforces, else the canonical form
     */
    static String memoryText(String asGiven, long bytes) {
        if (asGiven != null && Long.valueOf(bytes).equals(bytes(asGiven))) {
            return asGiven;
        }
        String best = String.valueOf(bytes);
        long decimal = 1;
        long binary = 1;
        for (int i = 0; i < DECIMAL.length; i++) {
            decimal *= 1000;
            binary *= 1024;
            if (bytes % decimal == 0 && (bytes / decimal + DECIMAL[i]).length() <= best.length()) {
                best = bytes / decimal + DECIMAL[i];
            }
            if (bytes % binary == 0 && (bytes / binary + BINARY[i]).length() < best.length()) {
                best = bytes / binary + BINARY[i];
            }
        }
        return best;
    }
}
