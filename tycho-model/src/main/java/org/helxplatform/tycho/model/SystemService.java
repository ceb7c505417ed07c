package org.helxplatform.tycho.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A network service of a system: a registry {@code services} entry naming a container and the port it serves.
 *
 * @param name    the service (and container) name, a DNS label
 * @param port    the port, as digits
 * @param clients CIDR blocks allowed to connect; non-empty lists make the system need a NetworkPolicy. Kept in
 *                canonical form ({@code 10.0.0.0/8}); a bare address becomes {@code /32} or {@code /128}.
 */
public record SystemService(String name, String port, List<String> clients) {

    /**
     * Validates and normalises.
     *
     * @param name    the service (and container) name, a DNS label
     * @param port    the port, as digits
     * @param clients CIDR blocks allowed to connect; non-empty lists make the system need a NetworkPolicy. Kept in
     *                canonical form ({@code 10.0.0.0/8}); a bare address becomes {@code /32} or {@code /128}.
     * @throws InvalidValueException when a value is invalid
     */
    public SystemService {
        Names.requireDnsLabel("service.name", name);
        if (port == null || !port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw new InvalidValueException("service " + name + ": port", port, "must be a port number (1-65535)");
        }
        List<String> normalized = new ArrayList<>();
        for (String cidr : Copies.list(clients, "service " + name + ": clients")) {
            normalized.add(normalizeCidr(name, cidr));
        }
        clients = List.copyOf(normalized);
    }

    /**
     * A service open to everyone inside the cluster (no client list).
     *
     * @param name the name
     * @param port the port
     * @return the service
     */
    public static SystemService of(String name, String port) {
        return new SystemService(name, port, List.of());
    }

    private static String normalizeCidr(String service, String cidr) {
        String field = "service " + service + ": clients";
        int slash = cidr.indexOf('/');
        String address = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!address.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new InvalidValueException(field, cidr, "is not a CIDR block such as 10.0.0.0/8");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw new InvalidValueException(field, cidr, "is not a CIDR block such as 10.0.0.0/8");
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String length = cidr.substring(slash + 1);
            if (!length.matches("\\d{1,3}") || Integer.parseInt(length) > bits) {
                throw new InvalidValueException(field, cidr, "has an invalid prefix length (0-" + bits + ")");
            }
            prefix = Integer.parseInt(length);
        }
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new InvalidValueException(field, cidr, "has host bits set: the network address of a /" + prefix
                        + " must end in zero bits");
            }
        }
        return (bytes.length == 4 ? ipv4(bytes) : ipv6(bytes)) + "/" + prefix;
    }

    private static String ipv4(byte[] bytes) {
        return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
    }

    /** RFC 5952 text form: lower case, longest run of two or more zero groups as {@code ::}. */
    private static String ipv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
